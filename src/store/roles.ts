/** VCD's predefined roles and the rights each carries (names as VCD spells them). */

export const RIGHTS = {
  orgView: 'Organization: View',
  vdcView: 'Organization vDC: View',
  networkView: 'Organization Network: View',
  catalogView: 'Catalog: View Private and Shared Catalogs',
  catalogEdit: 'Catalog: Create / Delete a Catalog',
  catalogItemEdit: 'Catalog: Add vApp from My Cloud',
  templateView: 'vApp Template / Media: View',
  templateInstantiate: 'vApp Template: Checkout',
  vappView: 'vApp: View VM metrics',
  vappCreate: 'vApp: Create / Reconfigure a vApp',
  vappDelete: 'vApp: Delete',
  vappEdit: 'vApp: Edit Properties',
  vappPower: 'vApp: Power Operations',
  vmEditCpu: 'vApp: Edit VM CPU',
  vmEditMemory: 'vApp: Edit VM Memory',
  vmEditDisk: 'vApp: Edit VM Hard Disk',
  vmEditNetwork: 'vApp: Edit VM Network',
  vmEditProperties: 'vApp: Edit VM Properties',
  vmConsole: 'vApp: Use Console',
  taskView: 'Task: View Tasks',
  taskCancel: 'Task: Resume, Abort, or Fail',
  userView: 'Group / User: View',
  adminView: 'General: Administrator View',
  templateUpload: 'vApp Template / Media: Create / Upload',
  templateEdit: 'vApp Template / Media: Edit',
  vmMedia: 'vApp: Connect to CD-ROM',
  diskView: 'Organization vDC Named Disk: View Properties',
  diskCreate: 'Organization vDC Named Disk: Create',
  diskEdit: 'Organization vDC Named Disk: Edit Properties',
  diskDelete: 'Organization vDC Named Disk: Delete',
  diskChangeOwner: 'Organization vDC Named Disk: Change Owner',
  orgEdit: 'Organization: Edit Properties',
  vdcEdit: 'General: Administrator Control',
  networkEdit: 'Organization Network: Edit Properties',
  catalogProperties: 'Catalog: Edit Properties',
  catalogSharing: 'Catalog: Sharing',
  catalogPublish: 'Catalog: Publish',
  catalogChangeOwner: 'Catalog: Change Owner',
  catalogViewAcl: 'Catalog: View ACL',
  catalogViewPublished: 'Catalog: View Published Catalogs',
  vappSharing: 'vApp: Sharing',
  vappViewAcl: 'vApp: View ACL',
  vappChangeOwner: 'vApp: Change Owner',
  templateDownload: 'vApp Template: Download',
  templateCopy: 'vApp Template / Media: Copy',
  orgEditLeases: 'Organization: Edit Leases Policy',
  orgEditQuotas: 'Organization: Edit Quotas Policy',
  orgEditPasswordPolicy: 'Organization: Edit Password Policy',
  orgEditSmtp: 'Organization: Edit SMTP Settings',
  userManage: 'Group / User: Manage',
  roleManage: 'Role: Create, Edit, Delete, or Copy',
  gatewayView: 'Organization vDC Gateway: View',
  gwServicesConfigure: 'Organization vDC Gateway: Configure Services',
  gwNatView: 'Organization vDC Gateway: View NAT',
  gwNatConfigure: 'Organization vDC Gateway: Configure NAT',
  gwFirewallView: 'Organization vDC Gateway: View Firewall',
  gwFirewallConfigure: 'Organization vDC Gateway: Configure Firewall',
  gwRoutingView: 'Organization vDC Gateway: View Static Routing',
  gwRoutingConfigure: 'Organization vDC Gateway: Configure Static Routing',
  vappSnapshot: 'vApp: Create / Revert / Remove a Snapshot',
  computePolicyView: 'Organization vDC Compute Policy: View',
  vdcGroupView: 'vDC Group: View',
  vdcGroupConfigure: 'vDC Group: Configure',
  dfwView: 'Organization vDC Distributed Firewall: View Rules',
  dfwEnable: 'Organization vDC Distributed Firewall: Enable/Disable',
} as const;

export type Right = (typeof RIGHTS)[keyof typeof RIGHTS];

const R = RIGHTS;
const VIEW: Right[] = [R.orgView, R.vdcView, R.networkView, R.catalogView, R.templateView, R.vappView, R.taskView, R.gatewayView];
const USE_VAPPS: Right[] = [...VIEW, R.vappPower, R.vappEdit, R.vmConsole, R.vmEditProperties, R.vmMedia, R.diskView, R.vappSnapshot, R.computePolicyView, R.vappSharing, R.vappViewAcl];
const AUTHOR_VAPPS: Right[] = [
  ...USE_VAPPS, R.templateInstantiate, R.vappCreate, R.vappDelete, R.vmEditCpu, R.vmEditMemory, R.vmEditDisk,
  R.vmEditNetwork, R.taskCancel, R.diskCreate, R.diskEdit, R.diskDelete, R.templateEdit, R.catalogViewPublished, R.templateCopy, R.catalogItemEdit,
];
const AUTHOR_CATALOGS: Right[] = [R.catalogEdit, R.catalogItemEdit, R.templateUpload, R.catalogProperties, R.catalogSharing, R.catalogPublish, R.catalogViewAcl, R.templateDownload];

export const SYSTEM_ADMINISTRATOR = 'System Administrator';

export const PREDEFINED_ROLES: { name: string; description: string; rights: Right[] }[] = [
  { name: SYSTEM_ADMINISTRATOR, description: 'Built-in rights for administering this installation', rights: Object.values(RIGHTS) },
  {
    name: 'Organization Administrator',
    description: 'Built-in rights for administering an organization',
    rights: [...new Set<Right>([
      ...AUTHOR_VAPPS, R.catalogEdit, R.catalogItemEdit, R.userView, R.adminView, R.templateUpload, R.templateEdit, R.diskChangeOwner,
      R.orgEdit, R.vdcEdit, R.networkEdit, R.catalogProperties, R.orgEditLeases, R.orgEditQuotas, R.orgEditPasswordPolicy, R.orgEditSmtp,
      R.userManage, R.roleManage, ...AUTHOR_CATALOGS, R.catalogChangeOwner, R.vappChangeOwner,
      R.gwServicesConfigure, R.gwNatView, R.gwNatConfigure, R.gwFirewallView, R.gwFirewallConfigure, R.gwRoutingView, R.gwRoutingConfigure,
      R.vdcGroupView, R.vdcGroupConfigure, R.dfwView,
    ])],
  },
  { name: 'Catalog Author', description: 'Rights given to a catalog author', rights: [...AUTHOR_VAPPS, ...AUTHOR_CATALOGS] },
  { name: 'vApp Author', description: 'Rights given to a vApp author', rights: AUTHOR_VAPPS },
  { name: 'vApp User', description: 'Rights given to a vApp user', rights: USE_VAPPS },
  { name: 'Console Access Only', description: 'Rights given to a user who can only view VMs and use their consoles', rights: [R.orgView, R.vdcView, R.vappView, R.vmConsole] },
];
