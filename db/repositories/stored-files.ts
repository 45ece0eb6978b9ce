// What both upload tables (idle_space_photos, project_attachments) record about a file kept
// under UPLOAD_DIR (app/lib/uploads.server.ts), mapped in one place.

export interface StoredFile {
  originalName: string;
  storedName: string;
  contentType: string;
  sizeBytes: number;
}

interface StoredFileColumns {
  original_name: string;
  stored_name: string;
  content_type: string;
  size_bytes: number;
}

export function toStoredFile(row: StoredFileColumns): StoredFile {
  return { originalName: row.original_name, storedName: row.stored_name, contentType: row.content_type, sizeBytes: row.size_bytes };
}

export function storedFileColumns(file: StoredFile): StoredFileColumns {
  return { original_name: file.originalName, stored_name: file.storedName, content_type: file.contentType, size_bytes: file.sizeBytes };
}
