/** AdminOrg documents and settings parts → typed input. Elements left out keep the value they had. */
import type { Org, OrgSettings } from '../../store/types.js';
import { badRequest } from '../../errors.js';
import { attr, child, parseBool, text, type Doc } from '../../wire/xml.js';
import { settingsOf, type SettingsPart } from './model.js';

export interface OrgInput {
  name?: string;
  fullName?: string;
  description?: string;
  isEnabled?: boolean;
  deployedVmQuota?: number;
  storedVmQuota?: number;
  settings?: OrgSettings;
}

function nonNegative(v: string | undefined, what: string, current: number): number {
  if (v === undefined || v.trim() === '') return current;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`${what} must be a whole number of zero or more, got "${v}".`);
  return n;
}

const bool = (doc: Doc | undefined, name: string, current: boolean) => parseBool(text(doc, name), current);

/** Applies one settings part's document to `org`'s settings and quotas. */
export function applySettingsPart(org: Pick<Org, 'deployedVmQuota' | 'storedVmQuota' | 'settings'>, part: SettingsPart, doc: Doc):
  { settings: OrgSettings; deployedVmQuota: number; storedVmQuota: number } {
  const s = structuredClone(settingsOf(org as Org));
  let { deployedVmQuota, storedVmQuota } = org;
  switch (part) {
    case 'general':
      s.canPublishCatalogs = bool(doc, 'CanPublishCatalogs', s.canPublishCatalogs);
      s.canPublishExternally = bool(doc, 'CanPublishExternally', s.canPublishExternally);
      s.canSubscribe = bool(doc, 'CanSubscribe', s.canSubscribe);
      s.delayAfterPowerOnSeconds = nonNegative(text(doc, 'DelayAfterPowerOnSeconds'), 'DelayAfterPowerOnSeconds', s.delayAfterPowerOnSeconds);
      deployedVmQuota = nonNegative(text(doc, 'DeployedVMQuota'), 'DeployedVMQuota', deployedVmQuota);
      storedVmQuota = nonNegative(text(doc, 'StoredVmQuota'), 'StoredVmQuota', storedVmQuota);
      break;
    case 'vAppLeaseSettings': {
      const l = s.vappLease;
      l.deleteOnStorageLeaseExpiration = bool(doc, 'DeleteOnStorageLeaseExpiration', l.deleteOnStorageLeaseExpiration);
      l.deploymentLeaseSeconds = nonNegative(text(doc, 'DeploymentLeaseSeconds'), 'DeploymentLeaseSeconds', l.deploymentLeaseSeconds);
      l.storageLeaseSeconds = nonNegative(text(doc, 'StorageLeaseSeconds'), 'StorageLeaseSeconds', l.storageLeaseSeconds);
      l.powerOffOnRuntimeLeaseExpiration = bool(doc, 'PowerOffOnRuntimeLeaseExpiration', l.powerOffOnRuntimeLeaseExpiration);
      break;
    }
    case 'vAppTemplateLeaseSettings': {
      const l = s.templateLease;
      l.deleteOnStorageLeaseExpiration = bool(doc, 'DeleteOnStorageLeaseExpiration', l.deleteOnStorageLeaseExpiration);
      l.storageLeaseSeconds = nonNegative(text(doc, 'StorageLeaseSeconds'), 'StorageLeaseSeconds', l.storageLeaseSeconds);
      break;
    }
    case 'passwordPolicy': {
      const p = s.passwordPolicy;
      p.accountLockoutEnabled = bool(doc, 'AccountLockoutEnabled', p.accountLockoutEnabled);
      p.invalidLoginsBeforeLockout = nonNegative(text(doc, 'InvalidLoginsBeforeLockout'), 'InvalidLoginsBeforeLockout', p.invalidLoginsBeforeLockout);
      p.accountLockoutIntervalMinutes = nonNegative(text(doc, 'AccountLockoutIntervalMinutes'), 'AccountLockoutIntervalMinutes', p.accountLockoutIntervalMinutes);
      if (p.accountLockoutEnabled && p.invalidLoginsBeforeLockout < 1) throw badRequest('InvalidLoginsBeforeLockout must be at least 1 when account lockout is enabled.');
      break;
    }
    case 'email': {
      const e = s.email;
      e.useDefaultSmtp = bool(doc, 'IsDefaultSmtpServer', e.useDefaultSmtp);
      e.useDefaultNotifications = bool(doc, 'IsDefaultOrgEmail', e.useDefaultNotifications);
      e.alertEmailToAllAdmins = bool(doc, 'IsAlertEmailToAllAdmins', e.alertEmailToAllAdmins);
      e.alertEmailTo = text(doc, 'AlertEmailTo')?.trim() ?? e.alertEmailTo;
      e.emailSubjectPrefix = text(doc, 'DefaultSubjectPrefix') ?? e.emailSubjectPrefix;
      break;
    }
  }
  return { settings: s, deployedVmQuota, storedVmQuota };
}

const PARTS_IN_SETTINGS: [string, SettingsPart][] = [
  ['OrgGeneralSettings', 'general'], ['VAppLeaseSettings', 'vAppLeaseSettings'],
  ['VAppTemplateLeaseSettings', 'vAppTemplateLeaseSettings'], ['OrgPasswordPolicySettings', 'passwordPolicy'],
  ['OrgEmailSettings', 'email'],
];

/** A whole Settings element over `org`'s current settings. */
export function applySettings(org: Pick<Org, 'deployedVmQuota' | 'storedVmQuota' | 'settings'>, settings: Doc | undefined):
  { settings: OrgSettings; deployedVmQuota: number; storedVmQuota: number } {
  let cur = { settings: settingsOf(org as Org), deployedVmQuota: org.deployedVmQuota, storedVmQuota: org.storedVmQuota };
  for (const [element, part] of PARTS_IN_SETTINGS) {
    const d = child(settings, element);
    if (d) cur = applySettingsPart(cur, part, d);
  }
  return cur;
}

/** An AdminOrg document: name, full name, description, enabled flag and settings. */
export function orgInput(doc: Doc, current: Pick<Org, 'deployedVmQuota' | 'storedVmQuota' | 'settings'>): OrgInput {
  const enabled = text(doc, 'IsEnabled');
  return {
    name: attr(doc, 'name')?.trim(),
    fullName: text(doc, 'FullName')?.trim(),
    description: text(doc, 'Description'),
    isEnabled: enabled === undefined ? undefined : parseBool(enabled, false),
    ...applySettings(current, child(doc, 'Settings')),
  };
}
