// A space's photos: each served by the photo route after its scope check; for those who keep
// the inventory, an upload form and a delete button per photo.
import { Form } from "@remix-run/react";
import { formatBytes, PHOTO_ACCEPT_ATTRIBUTE, PHOTO_ALLOWED_TEXT } from "../lib/file-types";
import { formatDateTime } from "../lib/format";
import { CsrfField } from "./csrf-field";
import { FieldError, fieldProps } from "./field-error";
import { SubmitRow } from "./form-fields";

export interface SpacePhotoView {
  id: string;
  name: string;
  sizeBytes: number;
  uploadedAt: string;
  uploadedByName: string | null;
}

export function SpacePhotos({ spaceHref, photos, canManage, errors, busy }: { spaceHref: string; photos: readonly SpacePhotoView[]; canManage: boolean; errors: Record<string, string>; busy: boolean }) {
  return (
    <section className="panel" aria-labelledby="photos-heading">
      <h2 id="photos-heading">照片（{photos.length} 张）</h2>
      {photos.length === 0 ? <p className="empty">还没有照片。</p> : null}
      <ul className="attachments">
        {photos.map((p) => (
          <li key={p.id}>
            <figure>
              <a href={`${spaceHref}/photos/${p.id}`}>
                <img src={`${spaceHref}/photos/${p.id}`} alt={`照片：${p.name}`} loading="lazy" />
              </a>
              <figcaption className="muted">
                {p.name} · {formatBytes(p.sizeBytes)} · {p.uploadedByName ?? "—"} · {formatDateTime(p.uploadedAt)}
              </figcaption>
            </figure>
            {canManage ? (
              <Form method="post">
                <CsrfField />
                <input type="hidden" name="photoId" value={p.id} />
                <button type="submit" name="intent" value="remove-photo" className="button button--secondary" disabled={busy} aria-label={`删除照片 ${p.name}`}>
                  删除
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {canManage ? (
        <Form method="post" encType="multipart/form-data" className="form-grid">
          <CsrfField />
          <div className="field">
            <label htmlFor="photo-file">选择照片</label>
            <input id="photo-file" name="file" type="file" accept={PHOTO_ACCEPT_ATTRIBUTE} required aria-describedby="photo-help" {...fieldProps("file", errors)} />
            <p id="photo-help" className="muted">
              {PHOTO_ALLOWED_TEXT}。
            </p>
            <FieldError name="file" errors={errors} />
          </div>
          <SubmitRow intent="upload-photo" busy={busy}>
            上传照片
          </SubmitRow>
        </Form>
      ) : null}
    </section>
  );
}
