// Managed login branding (CreateManagedLoginBranding, DescribeManagedLoginBranding,
// DescribeManagedLoginBrandingByClient, UpdateManagedLoginBranding, DeleteManagedLoginBranding) and the classic
// hosted UI's customization (SetUICustomization, GetUICustomization). Branding styles are stored and returned
// as given; the emulator's pages do not render them (there is no managed login style engine here), and
// ReturnMergedResources returns only what was set, since AWS's defaults are not known to the emulator. The
// classic CSS is applied: the pages carry the hosted UI's "-customizable" class names (oauth/pages/).
import { randomUUID } from "node:crypto";
import type { AccountStore } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { requireClient } from "./clients.js";
import { cognitoErrors } from "./errors.js";
import { requirePool } from "./pools.js";
import { cognitoTables, key, type BrandingRecord, type UiCustomizationRecord } from "./records.js";

type Asset = Record<string, unknown> & { Bytes?: Uint8Array | string };

// Blobs are kept as base64 text in the journal and handed back as bytes.
const storedAssets = (assets: readonly Asset[] | undefined): Asset[] =>
  (assets ?? []).map((a) => (a.Bytes === undefined ? { ...a } : { ...a, Bytes: Buffer.from(a.Bytes as Uint8Array).toString("base64") }));
const brandingShape = (b: BrandingRecord): Record<string, unknown> => ({
  ...b, ClientId: undefined,
  Assets: b.Assets.map((a) => (typeof a.Bytes === "string" ? { ...a, Bytes: Buffer.from(a.Bytes, "base64") } : a)),
});

function brandingOfClient(store: AccountStore, poolId: string, clientId: string): BrandingRecord | undefined {
  for (const [, b] of cognitoTables.brandings(store).withPrefix(key(poolId, ""))) if (b.ClientId === clientId) return b;
  return undefined;
}

function requireBranding(store: AccountStore, poolId: string, id: string | undefined): BrandingRecord {
  const found = id === undefined ? undefined : cognitoTables.brandings(store).get(key(poolId, id));
  if (!found) throw cognitoErrors.resourceNotFound(`Managed login branding ${id ?? ""} does not exist in user pool ${poolId}.`);
  return found;
}

function checkStyle(useCognito: boolean | undefined, settings: unknown, assets: readonly Asset[] | undefined): void {
  if (useCognito && (settings !== undefined || assets?.length)) {
    throw cognitoErrors.invalidParameter("Settings and Assets can't be set when UseCognitoProvidedValues is true.");
  }
}

interface CreateBrandingInput { UserPoolId: string; ClientId: string; UseCognitoProvidedValues?: boolean; Settings?: unknown; Assets?: Asset[] }

export const CreateManagedLoginBranding: Operation<CreateBrandingInput, { ManagedLoginBranding: Record<string, unknown> }> = ({ input, store, clock }) => {
  const pool = requirePool(store, input.UserPoolId);
  requireClient(store, pool.Id, input.ClientId);
  checkStyle(input.UseCognitoProvidedValues, input.Settings, input.Assets);
  if (brandingOfClient(store, pool.Id, input.ClientId)) {
    throw cognitoErrors.brandingExists(`Managed login branding already exists for app client ${input.ClientId}.`);
  }
  const now = clock.now().toISOString();
  const record: BrandingRecord = {
    ManagedLoginBrandingId: randomUUID(), UserPoolId: pool.Id, ClientId: input.ClientId,
    UseCognitoProvidedValues: input.UseCognitoProvidedValues ?? input.Settings === undefined, Settings: input.Settings,
    Assets: storedAssets(input.Assets), CreationDate: now, LastModifiedDate: now,
  };
  cognitoTables.brandings(store).put(key(pool.Id, record.ManagedLoginBrandingId), record);
  return { ManagedLoginBranding: brandingShape(record) };
};

export const DescribeManagedLoginBranding: Operation<{ UserPoolId: string; ManagedLoginBrandingId: string }, { ManagedLoginBranding: Record<string, unknown> }> = ({ input, store }) => {
  const pool = requirePool(store, input.UserPoolId);
  return { ManagedLoginBranding: brandingShape(requireBranding(store, pool.Id, input.ManagedLoginBrandingId)) };
};

export const DescribeManagedLoginBrandingByClient: Operation<{ UserPoolId: string; ClientId: string }, { ManagedLoginBranding: Record<string, unknown> }> = ({ input, store }) => {
  const pool = requirePool(store, input.UserPoolId);
  requireClient(store, pool.Id, input.ClientId);
  const found = brandingOfClient(store, pool.Id, input.ClientId);
  if (!found) throw cognitoErrors.resourceNotFound(`App client ${input.ClientId} has no managed login branding.`);
  return { ManagedLoginBranding: brandingShape(found) };
};

export const UpdateManagedLoginBranding: Operation<Omit<CreateBrandingInput, "ClientId"> & { ManagedLoginBrandingId?: string }, { ManagedLoginBranding: Record<string, unknown> }> = ({ input, store, clock }) => {
  const pool = requirePool(store, input.UserPoolId);
  const current = requireBranding(store, pool.Id, input.ManagedLoginBrandingId);
  checkStyle(input.UseCognitoProvidedValues, input.Settings, input.Assets);
  const useCognito = input.UseCognitoProvidedValues ?? (input.Settings === undefined && input.Assets === undefined ? current.UseCognitoProvidedValues : false);
  const next: BrandingRecord = {
    ...current, UseCognitoProvidedValues: useCognito,
    Settings: useCognito ? undefined : input.Settings ?? current.Settings,
    Assets: useCognito ? [] : input.Assets ? storedAssets(input.Assets) : current.Assets,
    LastModifiedDate: clock.now().toISOString(),
  };
  cognitoTables.brandings(store).put(key(pool.Id, current.ManagedLoginBrandingId), next);
  return { ManagedLoginBranding: brandingShape(next) };
};

export const DeleteManagedLoginBranding: Operation<{ UserPoolId: string; ManagedLoginBrandingId: string }, Record<string, never>> = ({ input, store }) => {
  const pool = requirePool(store, input.UserPoolId);
  const current = requireBranding(store, pool.Id, input.ManagedLoginBrandingId);
  cognitoTables.brandings(store).delete(key(pool.Id, current.ManagedLoginBrandingId));
  return {};
};

const ALL = "ALL";

/** The CSS the classic hosted UI shows for a client: its own, else the pool's default. */
export function uiCustomizationOf(store: AccountStore, poolId: string, clientId: string): UiCustomizationRecord | undefined {
  const table = cognitoTables.uiCustomizations(store);
  return table.get(key(poolId, clientId)) ?? table.get(key(poolId, ALL));
}

export const SetUICustomization: Operation<{ UserPoolId: string; ClientId?: string; CSS?: string; ImageFile?: Uint8Array }, { UICustomization: UiCustomizationRecord }> = ({ input, store, clock }) => {
  const pool = requirePool(store, input.UserPoolId);
  const clientId = input.ClientId ?? ALL;
  if (clientId !== ALL) requireClient(store, pool.Id, clientId);
  const table = cognitoTables.uiCustomizations(store);
  const now = clock.now().toISOString();
  const previous = table.get(key(pool.Id, clientId));
  const record: UiCustomizationRecord = {
    UserPoolId: pool.Id, ClientId: clientId, CSS: input.CSS, ImageFile: input.ImageFile ? Buffer.from(input.ImageFile).toString("base64") : undefined,
    CSSVersion: String(Number(previous?.CSSVersion ?? 0) + 1), CreationDate: previous?.CreationDate ?? now, LastModifiedDate: now,
  };
  table.put(key(pool.Id, clientId), record);
  return { UICustomization: { ...record, ImageFile: undefined } };
};

export const GetUICustomization: Operation<{ UserPoolId: string; ClientId?: string }, { UICustomization: Record<string, unknown> }> = ({ input, store }) => {
  const pool = requirePool(store, input.UserPoolId);
  const clientId = input.ClientId ?? ALL;
  if (clientId !== ALL) requireClient(store, pool.Id, clientId);
  const found = clientId === ALL ? cognitoTables.uiCustomizations(store).get(key(pool.Id, ALL)) : uiCustomizationOf(store, pool.Id, clientId);
  return { UICustomization: found ? { ...found, ImageFile: undefined } : { UserPoolId: pool.Id, ClientId: clientId } };
};

export const operations = {
  CreateManagedLoginBranding, DescribeManagedLoginBranding, DescribeManagedLoginBrandingByClient, UpdateManagedLoginBranding,
  DeleteManagedLoginBranding, SetUICustomization, GetUICustomization,
};
