// Live preview of the survey being edited, rendered the way residents see it (the same model
// configuration, createResidentModel). survey-react-ui is loaded on the client only, once.
import { type ComponentType, useEffect, useMemo, useRef, useState } from "react";
import type { CompletingEvent, Model, SurveyModel } from "survey-core";
import type { SurveyJson } from "../../../workflows/surveys/definition";
import { CodeRadioGroup } from "../code-select";

interface PreviewLibrary {
  Survey: ComponentType<{ model: Model }>;
  createModel: (definition: object) => Model;
}

let loading: Promise<PreviewLibrary> | null = null;
function loadLibrary(): Promise<PreviewLibrary> {
  loading ??= Promise.all([import("survey-react-ui"), import("../survey/model")]).then(([ui, model]) => ({
    Survey: ui.Survey as unknown as ComponentType<{ model: Model }>,
    createModel: model.createResidentModel,
  }));
  return loading;
}

const WIDTHS = { phone: "手机（375 像素宽）", desktop: "电脑" } as const;
type Width = keyof typeof WIDTHS;

function useDebounced<T>(value: T, ms: number): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return current;
}

export function SurveyPreview({ json, pageIndex }: { json: SurveyJson; pageIndex: number | null }) {
  const [library, setLibrary] = useState<PreviewLibrary | null>(null);
  const [failed, setFailed] = useState(false);
  const [width, setWidth] = useState<Width>("phone");
  const [note, setNote] = useState<string | null>(null);
  const latest = useMemo(() => JSON.stringify(json), [json]);
  const serialised = useDebounced(latest, 250);
  // The preview is rebuilt (and remounted) when the debounced definition catches up; a tap in
  // between can land on the old form, so the frame says it is still updating.
  const updating = latest !== serialised;
  const previous = useRef<Model | null>(null);

  useEffect(() => {
    let cancelled = false;
    loadLibrary()
      .then((lib) => !cancelled && setLibrary(lib))
      .catch(() => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
    };
  }, []);

  const model = useMemo(() => {
    if (!library) return null;
    let next: Model;
    try {
      next = library.createModel(JSON.parse(serialised) as object);
    } catch {
      return null;
    }
    // Keep what was typed into the preview, and the page, across edits.
    const before = previous.current;
    if (before) {
      next.data = before.data as Record<string, unknown>;
      if (before.currentPageNo < next.visiblePageCount) next.currentPageNo = before.currentPageNo;
    }
    next.onCompleting.add((_sender: SurveyModel, options: CompletingEvent) => {
      options.allow = false;
      setNote("这是预览：答卷不会提交。");
    });
    return next;
  }, [library, serialised]);

  useEffect(() => {
    const old = previous.current;
    previous.current = model;
    if (old && old !== model) old.dispose();
  }, [model]);

  useEffect(() => () => previous.current?.dispose(), []);

  // Follow the page of the question being edited.
  useEffect(() => {
    if (!model || pageIndex === null) return;
    const page = model.pages[pageIndex];
    if (!page) return;
    if (page.isVisible) {
      model.currentPage = page;
      setNote(null);
    } else {
      setNote(`第 ${pageIndex + 1} 页按显示条件目前不显示；先在预览中回答前面的问题即可看到。`);
    }
  }, [model, pageIndex]);

  return (
    <section className="preview" aria-labelledby="preview-heading">
      <div className="preview__head">
        <h2 id="preview-heading">预览</h2>
        <CodeRadioGroup className="preview__widths" legend="预览宽度" legendHidden name="preview-width" codes={Object.keys(WIDTHS) as Width[]} labels={WIDTHS} value={width} onChange={setWidth} />
      </div>
      {note ? (
        <p className="notice notice--info" role="status">
          {note}
        </p>
      ) : null}
      {failed ? (
        <p className="form-error" role="alert">
          预览加载失败，请刷新页面重试。
        </p>
      ) : !library || !model ? (
        <p className="muted">正在加载预览…</p>
      ) : (
        <div className={`preview__frame preview__frame--${width}`} data-testid="survey-preview" aria-busy={updating}>
          <library.Survey key={serialised} model={model} />
        </div>
      )}
    </section>
  );
}
