// The question builder for 社区工作者: pages and questions as lists with buttons (keyboard
// friendly; every move is announced), one element edited at a time. Controlled: the route
// holds the doc and saves it.
import { useEffect, useRef, useState } from "react";
import { DOMAIN_LABELS } from "../../../workflows/glossary";
import { ALLOWED_QUESTION_TYPES, ELEMENT_TYPE_LABELS, type QuestionType } from "../../../workflows/surveys/definition";
import { isDomain, isMeasure, MEASURE_LABELS } from "../../../workflows/surveys/properties";
import { CodeSelectField } from "../code-select";
import { TextProp } from "./builder-fields";
import { ConditionEditor } from "./condition-editor";
import { conditionSubjects } from "./question-refs";
import { ElementEditor, type EditorContext } from "./element-editor";
import { MoveButtons } from "./row-buttons";
import {
  addPage,
  addQuestion,
  elementTitle,
  isQuestionType,
  listQuestions,
  locate,
  moveElement,
  movePage,
  pageTitle,
  referencesTo,
  removeElement,
  removePage,
  typeLabel,
  updateProps,
  type BuilderDoc,
  type BuilderNode,
} from "./operations";

export interface SurveyBuilderProps {
  doc: BuilderDoc;
  onChange: (doc: BuilderDoc) => void;
  lockedNames: ReadonlySet<string>;
  lockedValues: (name: string) => ReadonlySet<string>;
  /** The element being edited, so the preview can follow it. */
  selected: string | null;
  onSelect: (key: string | null) => void;
}

export function SurveyBuilder({ doc, onChange, lockedNames, lockedValues, selected, onSelect }: SurveyBuilderProps) {
  const [message, setMessage] = useState("");
  const [confirming, setConfirming] = useState<string | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const counter = useRef(0);

  useEffect(() => {
    if (!focusId) return;
    const element = document.getElementById(focusId);
    element?.focus();
    // A new question or choice arrives with placeholder text: typing replaces it.
    if (element instanceof HTMLInputElement && element.type === "text") element.select();
    setFocusId(null);
  }, [focusId, doc]);

  // A trailing counter makes a repeated message ("已经在最前面了") be read again.
  const announce = (text: string) => setMessage(`${text}${"\u200b".repeat(++counter.current % 2)}`);
  const focus = (id: string) => setFocusId(id);
  const context: EditorContext = { doc, onChange, announce, focus, lockedNames, lockedValues };
  const questionCount = listQuestions(doc).length;

  const move = (node: BuilderNode, delta: -1 | 1) => {
    const result = moveElement(doc, node.key, delta);
    const title = elementTitle(node);
    if (!result) {
      announce(delta < 0 ? `“${title}”已经在最前面了` : `“${title}”已经在最后面了`);
      return;
    }
    onChange(result.doc);
    announce(
      result.changedPage
        ? `已将“${title}”移到${pageTitle(result.doc, result.pageIndex)}（第 ${result.pageIndex + 1} 页）第 ${result.position} 位`
        : `已将“${title}”${delta < 0 ? "上移" : "下移"}到第 ${result.position} 位`,
    );
    focus(`${delta < 0 ? "up" : "down"}-${node.key}`);
  };

  const remove = (node: BuilderNode) => {
    const at = locate(doc, node.key);
    const next = removeElement(doc, node.key);
    onChange(next);
    setConfirming(null);
    if (selected === node.key) onSelect(null);
    announce(`已删除“${elementTitle(node)}”`);
    const neighbour = at ? (at.siblings[at.index + 1] ?? at.siblings[at.index - 1]) : undefined;
    focus(neighbour ? `edit-${neighbour.key}` : `add-type-${doc.pages[at?.pageIndex ?? 0]?.key}`);
  };

  const renderNode = (node: BuilderNode) => {
    const p = node.props;
    const title = elementTitle(node);
    const expanded = selected === node.key;
    const references = confirming === node.key && typeof p.name === "string" ? referencesTo(doc, p.name) : [];
    return (
      <li key={node.key} className={expanded ? "builder-item builder-item--open" : "builder-item"}>
        <div className="builder-item__summary">
          <div className="builder-item__text">
            <span className="builder-item__type">{typeLabel(p.type)}</span> <span className="builder-item__title">{title}</span>
            <span className="builder-item__meta">
              {isQuestionType(p.type) && typeof p.name === "string" ? <code className="mono">{p.name}</code> : null}
              {p.isRequired === true ? <span className="badge">必答</span> : null}
              {typeof p.visibleIf === "string" && p.visibleIf ? <span className="badge">有显示条件</span> : null}
              {isDomain(p.domain) ? (
                <span className="badge badge--tag">
                  {DOMAIN_LABELS[p.domain]}
                  {isMeasure(p.measure) ? ` · ${MEASURE_LABELS[p.measure]}` : ""}
                </span>
              ) : isMeasure(p.measure) ? (
                <span className="badge badge--tag">{MEASURE_LABELS[p.measure]}</span>
              ) : null}
            </span>
          </div>
          <div className="builder-buttons">
            <button
              type="button"
              id={`edit-${node.key}`}
              className="button button--secondary button--small"
              aria-expanded={expanded}
              aria-controls={expanded ? `q-${node.key}-editor` : undefined}
              aria-label={`${expanded ? "收起" : "编辑"}“${title}”`}
              onClick={() => onSelect(expanded ? null : node.key)}
            >
              {expanded ? "收起" : "编辑"}
            </button>
            <MoveButtons
              upId={`up-${node.key}`}
              downId={`down-${node.key}`}
              subject={`“${title}”`}
              onMove={(delta) => move(node, delta)}
              onRemove={() => {
                setConfirming(node.key);
                focus(`confirm-${node.key}`);
              }}
            />
          </div>
        </div>
        {confirming === node.key ? (
          <div className="builder-confirm" role="group" aria-label="确认删除">
            <p>
              确定删除“{title}”{node.children?.length ? `及其中的 ${node.children.length} 个元素` : ""}？
              {references.length ? ` 以下内容的显示条件引用了它，删除后需要修改：${references.join("、")}。` : ""}
            </p>
            <button type="button" id={`confirm-${node.key}`} className="button button--danger" onClick={() => remove(node)}>
              确认删除
            </button>{" "}
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                setConfirming(null);
                focus(`edit-${node.key}`);
              }}
            >
              取消
            </button>
          </div>
        ) : null}
        {expanded ? <ElementEditor node={node} context={context} /> : null}
        {node.children ? (
          node.children.length ? (
            <ol className="builder-elements builder-elements--nested" aria-label={`“${title}”中的问题`}>
              {node.children.map(renderNode)}
            </ol>
          ) : (
            <p className="empty">这个分组里还没有问题。</p>
          )
        ) : null}
        {p.type === "paneldynamic" ? (
          <AddQuestion
            idKey={node.key}
            label={`在“${title}”的每一项里添加`}
            exclude={TEMPLATE_EXCLUDED}
            onAdd={(type) => {
              const added = addQuestion(doc, type, { intoKey: node.key });
              if (!added) return;
              onChange(added.doc);
              onSelect(added.key);
              announce(`已在“${title}”里添加${ELEMENT_TYPE_LABELS[type]}题（名称 ${added.name}），正在编辑`);
              focus(`q-${added.key}-title`);
            }}
          />
        ) : null}
      </li>
    );
  };

  return (
    <div className="builder">
      <p className="visually-hidden" aria-live="polite" role="status">
        {message}
      </p>
      <p className="muted">
        共 {doc.pages.length} 页、{questionCount} 个问题。用“上移 / 下移”调整顺序；到页首或页尾再移动会移到相邻的页。
      </p>
      <ol className="builder-pages">
        {doc.pages.map((page, pi) => {
          const name = pageTitle(doc, pi);
          const others = conditionSubjects(doc).filter((q) => q.pageIndex < pi);
          return (
            <li key={page.key} className="builder-page">
              <div className="builder-page__head">
                <h3 id={`page-heading-${page.key}`}>
                  第 {pi + 1} 页：{name}
                </h3>
                <div className="builder-buttons">
                  <MoveButtons
                    upId={`page-up-${page.key}`}
                    downId={`page-down-${page.key}`}
                    subject={`第 ${pi + 1} 页“${name}”`}
                    what="本页"
                    onMove={(delta) => {
                      const result = movePage(doc, page.key, delta);
                      if (!result) return announce(delta < 0 ? "已经是第一页" : "已经是最后一页");
                      onChange(result.doc);
                      announce(`已将“${name}”移到第 ${result.index + 1} 页`);
                      focus(`page-${delta < 0 ? "up" : "down"}-${page.key}`);
                    }}
                    onRemove={
                      doc.pages.length > 1
                        ? () => {
                            setConfirming(page.key);
                            focus(`confirm-${page.key}`);
                          }
                        : undefined
                    }
                  />
                </div>
              </div>
              {confirming === page.key ? (
                <div className="builder-confirm" role="group" aria-label="确认删除">
                  <p>
                    确定删除第 {pi + 1} 页“{name}”{page.elements.length ? `及其中的 ${page.elements.length} 个元素` : ""}？
                  </p>
                  <button
                    type="button"
                    id={`confirm-${page.key}`}
                    className="button button--danger"
                    onClick={() => {
                      onChange(removePage(doc, page.key));
                      setConfirming(null);
                      announce(`已删除“${name}”`);
                      const neighbour = doc.pages[pi + 1] ?? doc.pages[pi - 1];
                      if (neighbour) focus(`page-title-${neighbour.key}`);
                    }}
                  >
                    确认删除
                  </button>{" "}
                  <button type="button" className="button button--secondary" onClick={() => setConfirming(null)}>
                    取消
                  </button>
                </div>
              ) : null}
              <details className="builder-page__settings">
                <summary>页面设置</summary>
                <TextProp id={`page-title-${page.key}`} label="页面标题" maxLength={200} value={page.props.title} onChange={(title) => onChange(updateProps(doc, page.key, { title }))} />
                <ConditionEditor
                  idPrefix={`page-visible-${page.key}`}
                  expression={typeof page.props.visibleIf === "string" ? page.props.visibleIf : undefined}
                  questions={others}
                  subject="本页"
                  onChange={(visibleIf) => onChange(updateProps(doc, page.key, { visibleIf }))}
                />
              </details>
              {page.elements.length ? (
                <ol className="builder-elements" aria-label={`第 ${pi + 1} 页的问题`}>
                  {page.elements.map(renderNode)}
                </ol>
              ) : (
                <p className="empty">这一页还没有问题。</p>
              )}
              <AddQuestion
                idKey={page.key}
                label={`在第 ${pi + 1} 页添加`}
                onAdd={(type) => {
                  const added = addQuestion(doc, type, { pageKey: page.key });
                  if (!added) return;
                  onChange(added.doc);
                  onSelect(added.key);
                  announce(`已在第 ${pi + 1} 页末尾添加${ELEMENT_TYPE_LABELS[type]}题（名称 ${added.name}），正在编辑`);
                  focus(`q-${added.key}-title`);
                }}
              />
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="button button--secondary"
        onClick={() => {
          const added = addPage(doc, `第 ${doc.pages.length + 1} 页`);
          onChange(added.doc);
          announce(`已添加第 ${added.index + 1} 页`);
          focus(`add-type-${added.key}`);
        }}
      >
        添加一页
      </button>
    </div>
  );
}

/** Inside a dynamic panel: no nested dynamic panels, and nothing that only displays. */
const TEMPLATE_EXCLUDED: ReadonlySet<QuestionType> = new Set(["paneldynamic", "expression"]);

function AddQuestion({
  idKey,
  label,
  exclude,
  onAdd,
}: {
  idKey: string;
  label: string;
  exclude?: ReadonlySet<QuestionType>;
  onAdd: (type: QuestionType) => void;
}) {
  const [type, setType] = useState<QuestionType>("radiogroup");
  return (
    <div className="builder-add">
      <CodeSelectField
        id={`add-type-${idKey}`}
        label={label}
        codes={ALLOWED_QUESTION_TYPES.filter((t) => !exclude?.has(t))}
        labels={ELEMENT_TYPE_LABELS}
        value={type}
        onChange={(chosen) => chosen && setType(chosen)}
      />
      <button type="button" className="button button--secondary button--small" onClick={() => onAdd(type)}>
        添加问题
      </button>
    </div>
  );
}

/** A published survey: the same outline without controls. */
export function SurveyOutline({ doc }: { doc: BuilderDoc }) {
  const renderNode = (node: BuilderNode) => {
    const p = node.props;
    return (
      <li key={node.key}>
        <span className="builder-item__type">{typeLabel(p.type)}</span> {elementTitle(node)}{" "}
        {isQuestionType(p.type) && typeof p.name === "string" ? <code className="mono">{p.name}</code> : null}
        {p.isRequired === true ? <span className="badge">必答</span> : null}
        {isDomain(p.domain) ? <span className="badge badge--tag">{DOMAIN_LABELS[p.domain]}{isMeasure(p.measure) ? ` · ${MEASURE_LABELS[p.measure]}` : ""}</span> : null}
        {node.children?.length ? <ol>{node.children.map(renderNode)}</ol> : null}
      </li>
    );
  };
  return (
    <ol className="builder-outline">
      {doc.pages.map((page, i) => (
        <li key={page.key}>
          <h3>
            第 {i + 1} 页：{pageTitle(doc, i)}
          </h3>
          <ol>{page.elements.map(renderNode)}</ol>
        </li>
      ))}
    </ol>
  );
}
