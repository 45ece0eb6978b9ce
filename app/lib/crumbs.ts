import type { Crumb } from "../components/breadcrumbs";
import { type Actor, can } from "../../workflows/permissions";

interface Ref {
  code: string;
  name: string;
}

/** 杭州市 › 区 › 街道 › 社区, linking each level the user may open. */
export function placeCrumbs(
  user: Actor | null,
  place: { district?: Ref; street?: Ref; community?: Ref },
  tail: Crumb[] = [],
): Crumb[] {
  const crumbs: Crumb[] = [{ label: "杭州市", to: user?.role === "city_admin" ? "/city" : undefined }];
  const districtCode = place.district?.code;
  const streetCode = place.street?.code;
  if (place.district) {
    crumbs.push({
      label: place.district.name,
      to: can(user, "view:place", { districtCode }) ? `/districts/${place.district.code}` : undefined,
    });
  }
  if (place.street) {
    crumbs.push({
      label: place.street.name,
      to: can(user, "view:place", { districtCode, streetCode }) ? `/streets/${place.street.code}` : undefined,
    });
  }
  if (place.community) {
    crumbs.push({ label: place.community.name, to: `/communities/${place.community.code}` });
  }
  return [...crumbs, ...tail];
}
