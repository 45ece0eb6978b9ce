// An idle space's photos (存量空间照片): the project attachment rules (file-types.ts), images
// only, written under UPLOAD_DIR and recorded in the same use case; kept by those who keep
// the inventory (manage:space), each upload and removal audited.
import type { Kysely } from "kysely";
import { findIdleSpace } from "../../db/repositories/idle-spaces";
import { deleteSpacePhoto, findSpacePhoto, insertSpacePhoto } from "../../db/repositories/idle-space-photos";
import type { Database } from "../../db/schema";
import { checkPhoto } from "./file-types";
import { forgetUpload, storeUpload, thenRemoveUpload, withStoredUploads } from "./uploads.server";
import { authorize, type Change, communityPlace, type Outcome, refuse, runUseCase } from "./use-case.server";

async function spaceOfCommunity(trx: Kysely<Database>, communityCode: string, spaceId: string) {
  const space = await findIdleSpace(trx, spaceId);
  if (!space || space.communityCode !== communityCode) refuse(404, "找不到该存量空间。");
  return space;
}

export function uploadSpacePhoto(
  db: Kysely<Database>,
  change: Change,
  input: { communityCode: string; spaceId: string; fileName: string; data: Uint8Array },
): Promise<Outcome<{ name: string }>> {
  return withStoredUploads((write) =>
    runUseCase(db, change, async (trx) => {
      authorize(change, "manage:space", await communityPlace(trx, input.communityCode));
      const space = await spaceOfCommunity(trx, input.communityCode, input.spaceId);
      const checked = checkPhoto(input.fileName, input.data);
      if (!checked.ok) refuse(400, checked.message, { file: checked.message });
      return storeUpload(trx, change, write, input, checked, {
        insert: (file) => insertSpacePhoto(trx, { spaceId: space.id, ...file }),
        action: "space.photo.upload",
        entityType: "idle_space",
        entityId: space.id,
      });
    }),
  );
}

export function removeSpacePhoto(
  db: Kysely<Database>,
  change: Change,
  input: { communityCode: string; spaceId: string; photoId: string },
): Promise<Outcome<{ name: string }>> {
  return thenRemoveUpload(
    runUseCase(db, change, async (trx) => {
      authorize(change, "manage:space", await communityPlace(trx, input.communityCode));
      const space = await spaceOfCommunity(trx, input.communityCode, input.spaceId);
      const photo = await findSpacePhoto(trx, input.photoId);
      if (!photo || photo.spaceId !== space.id) refuse(404, "找不到该照片。");
      return forgetUpload(trx, change, photo, {
        remove: (id) => deleteSpacePhoto(trx, id),
        action: "space.photo.remove",
        entityType: "idle_space",
        entityId: space.id,
      });
    }),
  );
}
