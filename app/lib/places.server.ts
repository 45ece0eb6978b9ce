import { findCommunity, findDistrict, findStreet, type CommunityDetail } from "../../db/repositories/places";
import { type GuardOptions, requirePermission, type SignedInUser } from "./auth.server";
import { db } from "./db.server";
import { notFound } from "./http.server";
import type { Action } from "../../workflows/permissions";

const COMMUNITY_CODE = /^\d{12}$/;
const STREET_CODE = /^\d{9}$/;
const DISTRICT_CODE = /^\d{6}$/;

/** The community named in the URL, if it exists and is in the user's scope (404), and the user may act on it (403). */
export async function requireCommunity(
  request: Request,
  code: string | undefined,
  action: Action,
  options: GuardOptions = {},
): Promise<{ user: SignedInUser; community: CommunityDetail }> {
  const community = code && COMMUNITY_CODE.test(code) ? await findCommunity(db, code) : null;
  if (!community) throw notFound("找不到该社区/村。");
  const user = await requirePermission(
    request,
    action,
    { districtCode: community.district.code, streetCode: community.street.code, communityCode: community.code },
    options,
  );
  return { user, community };
}

export async function requireStreet(request: Request, code: string | undefined, action: Action, options: GuardOptions = {}) {
  const street = code && STREET_CODE.test(code) ? await findStreet(db, code) : null;
  if (!street) throw notFound("找不到该街道/乡镇。");
  const user = await requirePermission(request, action, { districtCode: street.district.code, streetCode: street.code }, options);
  return { user, street };
}

export async function requireDistrict(request: Request, code: string | undefined, action: Action, options: GuardOptions = {}) {
  const district = code && DISTRICT_CODE.test(code) ? await findDistrict(db, code) : null;
  if (!district) throw notFound("找不到该区。");
  const user = await requirePermission(request, action, { districtCode: district.code }, options);
  return { user, district };
}
