// A project's photos and documents (照片和文件): the bytes are checked, written under
// UPLOAD_DIR (uploads.server.ts) and recorded in the same use case; a refused or failed
// record removes the file again.
import type { Kysely } from "kysely";
import { deleteAttachment, findAttachment, insertAttachment } from "../../db/repositories/project-attachments";
import type { Database } from "../../db/schema";
import type { Milestone } from "../../workflows/glossary";
import { checkAttachment } from "./file-types";
import { officePackageProblem } from "./office-package.server";
import { projectToChange } from "./projects.server";
import { forgetUpload, storeUpload, thenRemoveUpload, withStoredUploads } from "./uploads.server";
import { type Change, type Outcome, refuse, runUseCase } from "./use-case.server";

/** Checks the bytes, writes the file under UPLOAD_DIR, then records it; a refused or failed record removes the file. */
export async function uploadAttachment(
  db: Kysely<Database>,
  change: Change,
  input: { communityCode: string; projectId: string; milestone: Milestone | null; fileName: string; data: Uint8Array },
): Promise<Outcome<{ name: string }>> {
  return withStoredUploads((write) =>
    runUseCase(db, change, async (trx) => {
      const project = await projectToChange(trx, change, input, { action: "manage:project", activity: "progress:project", what: "上传附件" });
      const checked = checkAttachment(input.fileName, input.data);
      if (!checked.ok) refuse(400, checked.message, { file: checked.message });
      const packageProblem = await officePackageProblem(checked.type, input.data);
      if (packageProblem) refuse(400, packageProblem, { file: packageProblem });
      return storeUpload(trx, change, write, input, checked, {
        insert: (file) => insertAttachment(trx, { projectId: project.id, milestone: input.milestone, ...file }),
        action: "project.attachment.upload",
        entityType: "project",
        entityId: project.id,
        after: { milestone: input.milestone },
      });
    }),
  );
}

export function removeAttachment(
  db: Kysely<Database>,
  change: Change,
  input: { communityCode: string; projectId: string; fileId: string },
): Promise<Outcome<{ name: string }>> {
  return thenRemoveUpload(
    runUseCase(db, change, async (trx) => {
      const project = await projectToChange(trx, change, input, { action: "manage:project", activity: "progress:project", what: "删除附件" });
      const file = await findAttachment(trx, input.fileId);
      if (!file || file.projectId !== project.id) refuse(404, "找不到该附件。");
      return forgetUpload(trx, change, file, {
        remove: (id) => deleteAttachment(trx, id),
        action: "project.attachment.remove",
        entityType: "project",
        entityId: project.id,
      });
    }),
  );
}
