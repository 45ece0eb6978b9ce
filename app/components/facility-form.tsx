import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import {
  DOMAIN_LABELS,
  DOMAINS,
  type Domain,
  FACILITY_STATUS_LABELS,
  FACILITY_STATUSES,
  functionsOfDomain,
  FUNCTION_CATALOGUE,
  OPERATING_MODEL_LABELS,
  OPERATING_MODELS,
  PRICING_LABELS,
  PRICING_TIERS,
  SERVICE_LEVEL_LABELS,
  SERVICE_LEVELS,
} from "../../workflows/glossary";
import { CsrfField } from "./csrf-field";
import { ErrorSummary, FieldError } from "./field-error";
import { SubmitRow, TextField } from "./form-fields";
import { CodeSelectField } from "./code-select";
import type { MapLayer } from "./point-map";
import { PositionFields } from "./position-fields";

export interface FacilityFormDefaults {
  name: string;
  domain: Domain;
  functions: string[];
  areaM2: string;
  officeAreaM2: string;
  status: string;
  lat: string;
  lng: string;
  system: string;
  operator: string;
  operatingModel: string;
  pricing: string;
  serviceLevel: string;
  hubPart: boolean;
}

export function blankFacility(lat: number, lng: number): FacilityFormDefaults {
  return {
    name: "",
    domain: "eldercare_childcare",
    functions: [],
    areaM2: "",
    officeAreaM2: "0",
    status: "operating",
    lat: String(lat),
    lng: String(lng),
    system: "WGS84",
    operator: "",
    operatingModel: "",
    pricing: "",
    serviceLevel: "basic",
    hubPart: false,
  };
}

/** What the user typed, when the server sent the form back with errors: nothing is lost. */
export function withSubmitted(base: FacilityFormDefaults, submitted: Record<string, unknown> | undefined): FacilityFormDefaults {
  if (!submitted) return base;
  const text = (key: keyof FacilityFormDefaults) => (typeof submitted[key] === "string" ? (submitted[key] as string) : "");
  const domain = text("domain");
  return {
    name: text("name"),
    domain: (DOMAINS as readonly string[]).includes(domain) ? (domain as Domain) : base.domain,
    functions: Array.isArray(submitted.functions) ? submitted.functions.filter((f): f is string => typeof f === "string") : [],
    areaM2: text("areaM2"),
    officeAreaM2: text("officeAreaM2"),
    status: text("status") || base.status,
    lat: text("lat"),
    lng: text("lng"),
    system: text("system") || base.system,
    operator: text("operator"),
    operatingModel: text("operatingModel"),
    pricing: text("pricing"),
    serviceLevel: text("serviceLevel") || base.serviceLevel,
    hubPart: submitted.hubPart === "on",
  };
}

export function FacilityForm({
  defaults,
  errors,
  submitLabel,
  layers,
}: {
  defaults: FacilityFormDefaults;
  errors: Record<string, string>;
  submitLabel: string;
  /** What the placement map shows around the facility (小区, facilities, spaces). */
  layers: MapLayer[];
}) {
  const [domain, setDomain] = useState<Domain>(defaults.domain);
  const navigation = useNavigation();
  const saving = navigation.state === "submitting";
  return (
    <Form method="post" noValidate className="form-grid">
      <CsrfField />
      <ErrorSummary errors={errors} />
      <TextField name="name" label="设施名称" errors={errors} wide defaultValue={defaults.name} required maxLength={60} />
      <CodeSelectField name="domain" label="服务领域" codes={DOMAINS} labels={DOMAIN_LABELS} value={domain} onChange={(d) => d && setDomain(d)} errors={errors} />
      <CodeSelectField name="status" label="状态" codes={FACILITY_STATUSES} labels={FACILITY_STATUS_LABELS} defaultValue={defaults.status} errors={errors} />
      <fieldset className="field field--wide" aria-describedby={errors.functions ? "functions-error" : undefined}>
        <legend>服务功能（可多选；不选则按该领域的一般功能计）</legend>
        <div className="checkbox-row">
          {functionsOfDomain(domain).map((fn) => (
            <label key={fn} className="checkbox">
              <input type="checkbox" name="functions" value={fn} defaultChecked={defaults.functions.includes(fn)} />
              {FUNCTION_CATALOGUE[fn].label}
            </label>
          ))}
        </div>
        <FieldError name="functions" errors={errors} />
      </fieldset>
      <TextField name="areaM2" label="建筑面积（m²）" errors={errors} inputMode="decimal" defaultValue={defaults.areaM2} required />
      <TextField name="officeAreaM2" label="其中办公面积（m²）" errors={errors} inputMode="decimal" defaultValue={defaults.officeAreaM2} />
      <TextField name="operator" label="运营主体" errors={errors} defaultValue={defaults.operator} maxLength={60} />
      <CodeSelectField name="operatingModel" label="运营模式" codes={OPERATING_MODELS} labels={OPERATING_MODEL_LABELS} defaultValue={defaults.operatingModel} emptyLabel="未确定" errors={errors} />
      <CodeSelectField name="pricing" label="收费方式" codes={PRICING_TIERS} labels={PRICING_LABELS} defaultValue={defaults.pricing} emptyLabel="未确定" errors={errors} />
      <CodeSelectField name="serviceLevel" label="服务类别" codes={SERVICE_LEVELS} labels={SERVICE_LEVEL_LABELS} defaultValue={defaults.serviceLevel} errors={errors} />
      <div className="field field--wide">
        <label className="checkbox">
          <input type="checkbox" name="hubPart" defaultChecked={defaults.hubPart} />
          属于本社区的民生幸福共同体
        </label>
      </div>
      <PositionFields values={defaults} errors={errors} layers={layers} mapLabel="点选设施的位置" />
      <SubmitRow name="_intent" intent="save" busy={saving} busyLabel="正在保存…">
        {submitLabel}
      </SubmitRow>
    </Form>
  );
}
