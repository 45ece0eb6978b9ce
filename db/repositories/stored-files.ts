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

/** The columns behind `StoredFile`, for a mapper's `camelCased(row, [...])`. */
export const STORED_FILE_COLUMNS = ["original_name", "stored_name", "content_type", "size_bytes"] as const;

export function storedFileColumns(file: StoredFile): StoredFileColumns {
  return { original_name: file.originalName, stored_name: file.storedName, content_type: file.contentType, size_bytes: file.sizeBytes };
}
