// Reading a form that may carry a file. Call it only after the sender is authenticated and the
// place is in their scope: the body is read here, within the route's byte budget
// (request-guards.server.ts).
import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { MAX_ATTACHMENT_BYTES } from "./file-types";

/** The form, or null when a file is over MAX_ATTACHMENT_BYTES. */
export async function readUploadForm(request: Request): Promise<FormData | null> {
  if (!request.headers.get("Content-Type")?.startsWith("multipart/form-data")) return request.formData();
  try {
    // One more byte than allowed, so an oversized file is refused by our own check with our own words.
    return await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_ATTACHMENT_BYTES + 1 }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return null;
    throw error;
  }
}
