// A space's photos: each served by the photo route after its scope check; for those who keep
// the inventory, an upload form and a delete button per photo.
import { formatBytes, PHOTO_ACCEPT_ATTRIBUTE, PHOTO_ALLOWED_TEXT } from "../lib/file-types";
import { formatDateTime } from "../lib/format";
import { DeleteFileForm, UploadForm } from "./file-forms";
import { Section } from "./section";

export interface SpacePhotoView {
  id: string;
  name: string;
  sizeBytes: number;
  uploadedAt: string;
  uploadedByName: string | null;
}

export function SpacePhotos({ spaceHref, photos, canManage, errors, busy }: { spaceHref: string; photos: readonly SpacePhotoView[]; canManage: boolean; errors: Record<string, string>; busy: boolean }) {
  return (
    <Section id="photos-heading" title={<>照片（{photos.length} 张）</>}>
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
            {canManage ? <DeleteFileForm idName="photoId" id={p.id} intent="remove-photo" label={`删除照片 ${p.name}`} busy={busy} /> : null}
          </li>
        ))}
      </ul>
      {canManage ? (
        <UploadForm id="photo-file" label="选择照片" accept={PHOTO_ACCEPT_ATTRIBUTE} allowedText={PHOTO_ALLOWED_TEXT} errors={errors} intent="upload-photo" submitLabel="上传照片" busy={busy} />
      ) : null}
    </Section>
  );
}
