/** An org's settings with VCD's defaults for what the state leaves out, and the settings documents. */
import type { Org, OrgSettings } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { link } from '../../wire/links.js';
import type { Doc } from '../../wire/xml.js';

/** What a new org gets when its AdminOrg document leaves a setting out (VCD 10.5's defaults). */
export const DEFAULT_SETTINGS: OrgSettings = {
  canPublishCatalogs: false,
  canPublishExternally: false,
  canSubscribe: false,
  delayAfterPowerOnSeconds: 0,
  vappLease: { deleteOnStorageLeaseExpiration: false, deploymentLeaseSeconds: 604800, storageLeaseSeconds: 2592000, powerOffOnRuntimeLeaseExpiration: false },
  templateLease: { deleteOnStorageLeaseExpiration: false, storageLeaseSeconds: 7776000 },
  passwordPolicy: { accountLockoutEnabled: false, invalidLoginsBeforeLockout: 5, accountLockoutIntervalMinutes: 10 },
  email: { useDefaultSmtp: true, useDefaultNotifications: true, alertEmailToAllAdmins: true, alertEmailTo: '', emailSubjectPrefix: '' },
};

/** Orgs from a fixture (no settings recorded) keep the simulator's earlier answers: publishing on, leases unlimited. */
const FIXTURE_SETTINGS: OrgSettings = {
  ...DEFAULT_SETTINGS,
  canPublishCatalogs: true,
  vappLease: { ...DEFAULT_SETTINGS.vappLease, deploymentLeaseSeconds: 0, storageLeaseSeconds: 0 },
  templateLease: { ...DEFAULT_SETTINGS.templateLease, storageLeaseSeconds: 0 },
};

export function settingsOf(org: Org): OrgSettings {
  return org.settings ?? FIXTURE_SETTINGS;
}

/** The settings sub-resources: path segment under `/api/admin/org/{id}/settings/`, element and media type. */
export const SETTINGS_PARTS = {
  general: { element: 'OrgGeneralSettings', type: MT.orgGeneralSettings },
  vAppLeaseSettings: { element: 'VAppLeaseSettings', type: MT.vAppLeaseSettings },
  vAppTemplateLeaseSettings: { element: 'VAppTemplateLeaseSettings', type: MT.vAppTemplateLeaseSettings },
  passwordPolicy: { element: 'OrgPasswordPolicySettings', type: MT.orgPasswordPolicySettings },
  email: { element: 'OrgEmailSettings', type: MT.orgEmailSettings },
} as const;

export type SettingsPart = keyof typeof SETTINGS_PARTS;

/** One settings part's document body (without href and type when `href` is undefined: inside Settings). */
export function settingsPartBody(org: Org, part: SettingsPart, href?: string, editable = false): Doc {
  const s = settingsOf(org);
  const head: Doc = href
    ? { '@_href': href, '@_type': SETTINGS_PARTS[part].type, Link: editable ? [link('edit', href, SETTINGS_PARTS[part].type)] : undefined }
    : {};
  switch (part) {
    case 'general':
      return {
        ...head,
        CanPublishCatalogs: s.canPublishCatalogs,
        CanPublishExternally: s.canPublishExternally,
        CanSubscribe: s.canSubscribe,
        DeployedVMQuota: org.deployedVmQuota,
        StoredVmQuota: org.storedVmQuota,
        UseServerBootSequence: false,
        DelayAfterPowerOnSeconds: s.delayAfterPowerOnSeconds,
      };
    case 'vAppLeaseSettings':
      return {
        ...head,
        DeleteOnStorageLeaseExpiration: s.vappLease.deleteOnStorageLeaseExpiration,
        DeploymentLeaseSeconds: s.vappLease.deploymentLeaseSeconds,
        StorageLeaseSeconds: s.vappLease.storageLeaseSeconds,
        PowerOffOnRuntimeLeaseExpiration: s.vappLease.powerOffOnRuntimeLeaseExpiration,
      };
    case 'vAppTemplateLeaseSettings':
      return {
        ...head,
        DeleteOnStorageLeaseExpiration: s.templateLease.deleteOnStorageLeaseExpiration,
        StorageLeaseSeconds: s.templateLease.storageLeaseSeconds,
      };
    case 'passwordPolicy':
      return {
        ...head,
        AccountLockoutEnabled: s.passwordPolicy.accountLockoutEnabled,
        InvalidLoginsBeforeLockout: s.passwordPolicy.invalidLoginsBeforeLockout,
        AccountLockoutIntervalMinutes: s.passwordPolicy.accountLockoutIntervalMinutes,
      };
    case 'email':
      return {
        ...head,
        IsDefaultSmtpServer: s.email.useDefaultSmtp,
        IsDefaultOrgEmail: s.email.useDefaultNotifications,
        FromEmailAddress: '',
        DefaultSubjectPrefix: s.email.emailSubjectPrefix,
        IsAlertEmailToAllAdmins: s.email.alertEmailToAllAdmins,
        AlertEmailTo: s.email.alertEmailTo || undefined,
      };
  }
}

/** The Settings element of an AdminOrg (and `GET …/settings`). */
export function settingsBody(org: Org, base: string, withLinks: boolean): Doc {
  const href = `${base}/api/admin/org/${org.id}/settings`;
  const part = (p: SettingsPart) => settingsPartBody(org, p, withLinks ? `${href}/${p}` : undefined, withLinks);
  return {
    ...(withLinks ? { '@_href': href, '@_type': MT.orgSettings } : {}),
    OrgGeneralSettings: part('general'),
    VAppLeaseSettings: part('vAppLeaseSettings'),
    VAppTemplateLeaseSettings: part('vAppTemplateLeaseSettings'),
    OrgEmailSettings: part('email'),
    OrgPasswordPolicySettings: part('passwordPolicy'),
  };
}
