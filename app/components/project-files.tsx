// A project's photos and documents: thumbnails and downloads (served by the files route after
// its scope check), and for the worker an upload form and a delete button per file.
import { MILESTONE_LABELS, MILESTONES } from "../../workflows/glossary";
import { ACCEPT_ATTRIBUTE, ALLOWED_TEXT, formatBytes, isImage } from "../lib/file-types";
import { formatDateTime } from "../lib/format";
import type { ProjectPage } from "../lib/project-pages.server";
import { CodeSelectField } from "./code-select";
import { DeleteFileForm, UploadForm } from "./file-forms";
import { Section } from "./section";

export function ProjectFiles({
  projectHref,
  attachments,
  canUpload,
  errors,
  busy,
}: {
  /** /communities/<code>/projects/<id> */
  projectHref: string;
  attachments: ProjectPage["attachments"];
  canUpload: boolean;
  errors: Record<string, string>;
  busy: boolean;
}) {
  return (
    <Section id="files-heading" title="照片和文件">
      {attachments.length === 0 ? <p className="empty">还没有附件。</p> : null}
      <ul className="attachments">
        {attachments.map((a) => {
          const href = `${projectHref}/files/${a.id}`;
          return (
            <li key={a.id}>
              {isImage(a.contentType) ? <img src={href} alt={`照片：${a.originalName}`} loading="lazy" /> : null}
              <a href={href} download={isImage(a.contentType) ? undefined : a.originalName}>
                {a.originalName}
              </a>
              <span className="muted">
                {a.milestone ? `${MILESTONE_LABELS[a.milestone]} · ` : ""}
                {formatBytes(a.sizeBytes)} · {a.uploadedByName ?? "—"} · {formatDateTime(a.createdAt)}
              </span>
              {canUpload ? <DeleteFileForm idName="fileId" id={a.id} intent="removeFile" label={`删除附件 ${a.originalName}`} busy={busy} /> : null}
            </li>
          );
        })}
      </ul>
      {canUpload ? (
        <UploadForm id="file" label="上传照片或文件" accept={ACCEPT_ATTRIBUTE} allowedText={ALLOWED_TEXT} errors={errors} intent="upload" submitLabel="上传" busy={busy}>
          <CodeSelectField name="milestone" label="所属节点" codes={MILESTONES} labels={MILESTONE_LABELS} defaultValue="" emptyLabel="（不指定）" />
        </UploadForm>
      ) : null}
    </Section>
  );
}
