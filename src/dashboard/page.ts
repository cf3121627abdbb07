/**
 * The dashboard page: one self-contained HTML document (inline CSS and vanilla JS, nothing fetched from
 * elsewhere). It follows the live feed at ./ui/events and reads fault rules and scenario runs from the
 * control API next to it, showing "none" where that API is absent and asking for the control token
 * where it wants one. (String.raw keeps the script's backslashes; the script avoids backticks.)
 */
export const DASHBOARD_PAGE = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>vcdsim · dashboard</title>
<link rel="icon" href="data:,">
<style>
  :root {
    --bg: #f4f5f7; --card: #fff; --ink: #18202b; --muted: #667085; --line: #e4e7ec;
    --blue: #2563eb; --green: #16a34a; --amber: #d97706; --red: #dc2626; --grey: #98a2b3;
    --head: #101828;
  }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--bg); }
  header { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; align-items: center; gap: 10px 18px; padding: 10px 20px; background: var(--head); color: #f2f4f7; }
  .brand { font-weight: 700; font-size: 17px; letter-spacing: .2px; }
  .brand small { font-weight: 400; color: #98a2b3; margin-left: 6px; }
  .clock { color: #d0d5dd; font-variant-numeric: tabular-nums; }
  .chips { display: flex; gap: 6px; flex-wrap: wrap; }
  .chip { background: #1d2939; border: 1px solid #344054; border-radius: 999px; padding: 1px 10px; font-size: 12.5px; color: #e4e7ec; }
  .chip b { color: #fff; }
  .spacer { flex: 1; }
  .actions { display: flex; gap: 6px; align-items: center; }
  select, button { font: inherit; font-size: 13px; border-radius: 6px; border: 1px solid #475467; background: #1d2939; color: #f2f4f7; padding: 4px 10px; }
  button { cursor: pointer; }
  button:hover:not(:disabled) { background: #344054; }
  button:disabled, select:disabled { opacity: .45; cursor: not-allowed; }
  button.danger { border-color: #b42318; }
  .conn { font-size: 12px; color: #98a2b3; display: flex; align-items: center; gap: 6px; }
  .conn::before { content: ""; width: 8px; height: 8px; border-radius: 50%; background: var(--grey); }
  .conn.live::before { background: #32d583; box-shadow: 0 0 0 3px rgba(50, 213, 131, .25); }
  .conn.warn::before { background: var(--amber); }
  main { display: grid; grid-template-columns: minmax(0, 1fr) 380px; gap: 18px; padding: 18px 20px 40px; align-items: start; }
  @media (max-width: 980px) { main { grid-template-columns: 1fr; } }
  h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .08em; color: var(--muted); margin: 0 0 8px; }
  aside section, .org { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; margin-bottom: 14px; }
  .org > .title { display: flex; align-items: baseline; gap: 8px; cursor: pointer; user-select: none; }
  .org > .title .name { font-weight: 650; font-size: 15px; }
  .muted { color: var(--muted); }
  .small { font-size: 12px; }
  .caret { display: inline-block; width: 12px; color: var(--muted); transition: transform .15s; }
  .closed > .title .caret { transform: rotate(-90deg); }
  .closed > .body { display: none; }
  .vdcs { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 12px; margin-top: 10px; }
  .vdc { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; background: #fcfcfd; }
  .vdc .title { display: flex; align-items: center; gap: 8px; margin-bottom: 8px; }
  .vdc .title .name { font-weight: 600; }
  .badge { font-size: 11px; border-radius: 999px; padding: 0 8px; border: 1px solid var(--line); color: var(--muted); background: #fff; white-space: nowrap; }
  .bars { display: grid; grid-template-columns: 1fr 1fr; gap: 6px 14px; margin-bottom: 10px; }
  .bar .label { display: flex; justify-content: space-between; font-size: 11.5px; color: var(--muted); font-variant-numeric: tabular-nums; }
  .bar .label b { color: var(--ink); font-weight: 600; }
  .track { height: 7px; border-radius: 4px; background: #eaecf0; overflow: hidden; }
  .fill { height: 100%; border-radius: 4px; background: var(--green); transition: width .3s; }
  .fill.mid { background: var(--amber); } .fill.high { background: var(--red); }
  .track.unlimited { background: repeating-linear-gradient(45deg, #eaecf0 0 6px, #f2f4f7 6px 12px); }
  .forced { color: var(--red); font-weight: 600; }
  .vapp { border-top: 1px dashed var(--line); padding: 6px 0 4px; }
  .vapp:first-of-type { border-top: 0; }
  .vapp .row { display: flex; align-items: center; gap: 7px; }
  .vapp .name { font-weight: 600; }
  .vms { list-style: none; margin: 3px 0 0 16px; padding: 0; }
  .vms li { display: flex; align-items: center; gap: 7px; padding: 1px 0; }
  .vms .meta { font-size: 12px; color: var(--muted); font-variant-numeric: tabular-nums; }
  .dot { width: 9px; height: 9px; border-radius: 50%; flex: none; background: var(--grey); }
  .dot.on { background: var(--green); } .dot.suspended { background: var(--amber); } .dot.failed { background: var(--red); }
  .dot.creating { background: var(--blue); } .dot.mixed { background: linear-gradient(90deg, var(--green) 50%, var(--grey) 50%); }
  .dot.busy { animation: pulse 1s ease-in-out infinite; box-shadow: 0 0 0 3px rgba(37, 99, 235, .25); }
  @keyframes pulse { 50% { opacity: .35; } }
  .power { font-size: 11.5px; color: var(--muted); }
  .empty { color: var(--muted); font-style: italic; font-size: 13px; }
  .task { padding: 7px 0; border-top: 1px solid var(--line); }
  .task:first-child { border-top: 0; }
  .task .row { display: flex; align-items: center; gap: 8px; }
  .task .op { font-weight: 600; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12.5px; }
  .status { font-size: 11px; font-weight: 600; border-radius: 4px; padding: 0 6px; color: #fff; background: var(--grey); text-transform: uppercase; letter-spacing: .03em; }
  .status.running, .status.queued, .status.preRunning { background: var(--blue); }
  .status.success, .status.passed, .status.active { background: var(--green); }
  .status.error, .status.failed, .status.aborted { background: var(--red); }
  .status.canceled, .status.stopped, .status.expired, .status.spent, .status.pending { background: var(--grey); }
  .task .track { height: 5px; margin-top: 4px; }
  .task .fill { background: var(--blue); }
  .err { color: var(--red); font-size: 12px; }
  .rule { display: flex; gap: 8px; align-items: flex-start; padding: 6px 0; border-top: 1px solid var(--line); }
  .rule:first-child { border-top: 0; }
  .rule .what { flex: 1; min-width: 0; }
  .rule code { font-size: 12px; }
  .x { border: 0; background: none; color: var(--muted); font-size: 16px; line-height: 1; padding: 0 4px; }
  .x:hover:not(:disabled) { color: var(--red); background: none; }
  .timeline { list-style: none; margin: 8px 0 0; padding: 0 0 0 14px; border-left: 2px solid var(--line); max-height: 240px; overflow: auto; }
  .timeline li { position: relative; font-size: 12.5px; padding: 2px 0; }
  .timeline li::before { content: ""; position: absolute; left: -19px; top: 8px; width: 8px; height: 8px; border-radius: 50%; background: var(--blue); }
  .steps { margin: 6px 0; }
  .checks { list-style: none; padding: 0; margin: 6px 0 0; font-size: 12.5px; }
  .ok { color: var(--green); } .bad { color: var(--red); }
  #toast { position: fixed; right: 20px; bottom: 20px; max-width: 420px; padding: 10px 14px; border-radius: 8px; background: var(--head); color: #fff; box-shadow: 0 8px 24px rgba(16, 24, 40, .25); opacity: 0; transform: translateY(8px); transition: all .2s; pointer-events: none; }
  #toast.show { opacity: 1; transform: none; }
  #toast.bad { background: #912018; }
</style>
</head>
<body>
<header>
  <div class="brand">vcdsim <small id="version"></small></div>
  <div class="clock" id="clock" title="simulated time">–</div>
  <div class="chips" id="counts"></div>
  <div class="spacer"></div>
  <div class="actions">
    <select id="preset" aria-label="fault to add"></select>
    <button id="add-fault" title="add this fault rule through the control API">Add fault</button>
    <button id="reset" class="danger" title="back to the fixture's inventory, without fault rules">Reset</button>
  </div>
  <div class="conn" id="conn">connecting…</div>
</header>
<main>
  <section aria-label="inventory">
    <h2>Inventory</h2>
    <div id="tree"><p class="empty">Loading…</p></div>
    <h2>Provider</h2>
    <div id="provider"><p class="empty">Loading…</p></div>
  </section>
  <aside>
    <section><h2>Tasks</h2><div id="tasks"><p class="empty">none</p></div></section>
    <section><h2>Fault rules</h2><div id="faults"><p class="empty">none</p></div></section>
    <section><h2>Scenario</h2><div id="scenario"><p class="empty">none</p></div></section>
    <section><h2>Edge gateways</h2><div id="gateways"><p class="empty">none</p></div></section>
  </aside>
</main>
<div id="toast" role="status"></div>
<script>
(function () {
  'use strict';
  var base = location.pathname.replace(/\/ui\/?$/, '');
  var TOKEN_KEY = 'vcdsim-control-token';
  var PRESETS = [
    { label: '503 on 20% of /api calls, 2 min', rule: { description: 'Flapping 503s (dashboard)', match: { path: '/api/**' }, action: { type: 'error', status: 503 }, probability: 0.2, duration: '2m' } },
    { label: 'Tasks 10x slower, 5 min', rule: { description: 'Slow tasks (dashboard)', action: { type: 'slow-tasks', factor: 10 }, duration: '5m' } },
    { label: 'Next task fails', rule: { description: 'One failing task (dashboard)', action: { type: 'task-failure' }, count: 1 } },
    { label: '+800 ms on every call, 2 min', rule: { description: 'Slow API (dashboard)', action: { type: 'latency', ms: 800 }, duration: '2m' } }
  ];
  var closed = {};
  var control = 'unknown';
  var last = null;

  function $(id) { return document.getElementById(id); }
  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }
  function amount(v, unit) {
    if (unit === 'MHz') return v >= 1000 ? (v / 1000).toFixed(v >= 100000 ? 0 : 1) + ' GHz' : v + ' MHz';
    if (unit === 'MB') return v >= 1048576 ? (v / 1048576).toFixed(1) + ' TB' : v >= 1024 ? (v / 1024).toFixed(v >= 102400 ? 0 : 1) + ' GB' : v + ' MB';
    return String(v);
  }
  function clock(iso) { return iso ? iso.slice(11, 19) : ''; }

  var toastTimer;
  function toast(text, bad) {
    var t = $('toast');
    t.textContent = text;
    t.className = 'show' + (bad ? ' bad' : '');
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { t.className = ''; }, 3500);
  }
  function setConn(text, cls) { var c = $('conn'); c.textContent = text; c.className = 'conn ' + (cls || ''); }

  function bar(label, b) {
    var unlimited = b.limit === 0 && !b.forced;
    var pct = unlimited ? 0 : b.limit === 0 ? 100 : Math.min(100, (b.used / b.limit) * 100);
    var level = pct >= 90 ? ' high' : pct >= 70 ? ' mid' : '';
    var right = '<b>' + esc(amount(b.used, b.unit)) + '</b> / ' + (unlimited ? 'no limit' : esc(amount(b.limit, b.unit)));
    if (b.forced) right += ' <span class="forced" title="lowered by a fault rule">fault</span>';
    return '<div class="bar"><div class="label"><span>' + label + '</span><span>' + right + '</span></div>' +
      '<div class="track' + (unlimited ? ' unlimited' : '') + '"><div class="fill' + level + '" style="width:' + pct.toFixed(1) + '%"></div></div></div>';
  }
  function dot(power, busy) { return '<span class="dot ' + esc(power) + (busy ? ' busy' : '') + '" title="' + esc(power + (busy ? ', busy' : '')) + '"></span>'; }

  function renderVApp(a) {
    var vms = a.vms.map(function (vm) {
      var meta = [vm.cpus + ' vCPU', amount(vm.memoryMB, 'MB')];
      if (vm.ip) meta.push(vm.ip);
      if (vm.snapshotMB !== undefined) meta.push('snapshot ' + amount(vm.snapshotMB, 'MB'));
      return '<li data-vm="' + esc(vm.name) + '">' + dot(vm.power, vm.busy) + '<span>' + esc(vm.name) + '</span>' +
        '<span class="power">' + esc(vm.power) + '</span><span class="meta">' + esc(meta.join(' · ')) + '</span></li>';
    }).join('');
    return '<div class="vapp" data-vapp="' + esc(a.name) + '"><div class="row">' + dot(a.power, a.busy) +
      '<span class="name">' + esc(a.name) + '</span><span class="badge">vApp · ' + esc(a.power) + '</span>' +
      (a.busy ? '<span class="small muted">working…</span>' : '') +
      ((a.networks || []).length ? '<span class="small muted">' + esc(a.networks.map(function (n) { return n.name + ' (' + n.fenceMode + ')'; }).join(', ')) + '</span>' : '') + '</div>' +
      (vms ? '<ul class="vms">' + vms + '</ul>' : '<div class="empty small" style="margin-left:16px">no VMs</div>') + '</div>';
  }

  function renderVdc(v) {
    var c = v.capacity;
    var apps = v.vapps.map(renderVApp).join('');
    if (v.moreVapps) apps += '<p class="small muted">… and ' + plural(v.moreVapps, 'more vApp', 'more vApps') + '</p>';
    return '<div class="vdc" data-vdc="' + esc(v.name) + '"><div class="title"><span class="name">' + esc(v.name) + '</span>' +
      '<span class="badge">' + esc(v.allocationModel) + '</span>' + (v.allocation.enabled ? '' : '<span class="badge">disabled</span>') + '</div>' +
      '<p class="small muted">' + (v.allocation.providerVdc ? 'from ' + esc(v.allocation.providerVdc) + ' · ' : '') +
      'CPU ' + v.allocation.cpuAllocatedMhz + ' MHz allocated, ' + v.allocation.cpuReservedMhz + ' reserved · memory ' +
      v.allocation.memoryAllocatedMB + ' MB allocated, ' + v.allocation.memoryReservedMB + ' reserved' +
      (v.allocation.computePolicies.length ? ' · policies ' + esc(v.allocation.computePolicies.join(', ')) : '') + '</p>' +
      '<div class="bars">' + bar('CPU', c.cpu) + bar('Memory', c.memory) + bar('Storage', c.storage) + bar('VMs', c.vms) + '</div>' +
      renderNetworks(v) + (apps || '<p class="empty">no vApps</p>') + '</div>';
  }

  function renderNetworks(v) {
    var gws = (v.edgeGateways || []).map(function (g) {
      return '<div data-gateway="' + esc(g.name) + '">' + bar(esc('Edge ' + g.name + (g.busy ? ' (working…)' : '') + ' → ' + g.uplinks.join(', ') +
        ' · ' + plural(g.networks, 'network', 'networks')), g.ips) + '</div>';
    }).join('');
    var nets = (v.networks || []).map(function (n) {
      return '<div data-network="' + esc(n.name) + '">' + bar(esc(n.name + ' ' + n.subnet + ' · ' + n.fenceMode + (n.edgeGateway ? ' via ' + n.edgeGateway : '')), n.ips) + '</div>';
    }).join('');
    return gws || nets ? '<div class="bars networks">' + gws + nets + '</div>' : '';
  }

  function renderGroups(o) {
    var groups = (o.groups || []).map(function (g) {
      return '<span data-group="' + esc(g.name) + '">' + esc(g.name) + ' <span class="muted">(' + esc(g.providerType) + ', ' + esc(g.role) + ', ' + plural(g.members, 'member', 'members') + ')</span></span>';
    }).join(' · ');
    var restricted = (o.restrictedVdcs || []).length ? '<p class="muted small">VDCs shared with some members only: ' + o.restrictedVdcs.map(esc).join(', ') + '</p>' : '';
    return (groups ? '<p class="small groups">groups: ' + groups + '</p>' : '') + restricted;
  }

  function renderVdcGroup(g) {
    return '<div class="vdc vdcgroup" data-vdc-group="' + esc(g.name) + '"><div class="title"><span class="name">VDC group ' + esc(g.name) + '</span>' +
      '<span class="badge">' + (g.dfwEnabled ? 'DFW on · ' + plural(g.dfwRules, 'rule', 'rules') : 'DFW off') +
      (g.firewallGroups ? ' · ' + plural(g.firewallGroups, 'firewall group', 'firewall groups') : '') + '</span></div>' +
      '<p class="small muted">' + esc(g.vdcs.join(', ')) + (g.edgeGateways.length ? ' · edge ' + esc(g.edgeGateways.join(', ')) : '') + '</p>' +
      (renderNetworks({ networks: g.networks }) || '<p class="empty">no group networks</p>') + '</div>';
  }

  function renderTree(s) {
    $('tree').innerHTML = s.orgs.map(function (o) {
      var vapps = o.vdcs.reduce(function (n, v) { return n + v.vapps.length + v.moreVapps; }, 0);
      return '<div class="org' + (closed[o.id] ? ' closed' : '') + '" data-id="' + esc(o.id) + '"><div class="title">' +
        '<span class="caret">▾</span><span class="name">' + esc(o.name) + '</span><span class="muted small">' + esc(o.fullName) + '</span>' +
        '<span class="spacer"></span><span class="muted small">' + plural(o.vdcs.length, 'VDC', 'VDCs') + ' · ' + plural(vapps, 'vApp', 'vApps') + '</span></div>' +
        '<div class="body">' + (o.vdcs.length ? '<div class="vdcs">' + o.vdcs.map(renderVdc).join('') + '</div>' : '<p class="empty">no VDCs</p>') + renderGroups(o) +
        (o.vdcGroups || []).map(renderVdcGroup).join('') + '</div></div>';
    }).join('') || '<p class="empty">no orgs</p>';
  }

  function renderProvider(p) {
    var infra = [['vCenter', p.vCenters], ['NSX-T', p.nsxtManagers], ['network pools', p.networkPools], ['external networks', p.externalNetworks], ['VM groups', p.vmGroups || []]]
      .filter(function (x) { return x[1].length; })
      .map(function (x) { return '<span class="muted small">' + esc(x[0]) + '</span> ' + x[1].map(esc).join(', '); }).join(' · ');
    var pvdcs = p.providerVdcs.map(function (v) {
      var c = v.capacity;
      return '<div class="vdc" data-pvdc="' + esc(v.name) + '"><div class="title"><span class="name">' + esc(v.name) + '</span>' +
        '<span class="badge">' + plural(v.vdcs, 'org VDC', 'org VDCs') + '</span></div>' +
        '<div class="bars">' + bar('CPU allocated', c.cpu) + bar('Memory allocated', c.memory) + bar('Storage used', c.storage) + '</div></div>';
    }).join('');
    $('provider').innerHTML = (infra ? '<p class="small">' + infra + '</p>' : '') +
      (pvdcs ? '<div class="vdcs">' + pvdcs + '</div>' : '<p class="empty">no provider VDCs</p>');
  }

  function renderTasks(s) {
    $('tasks').innerHTML = s.tasks.map(function (t) {
      var active = t.status === 'queued' || t.status === 'preRunning' || t.status === 'running';
      return '<div class="task"><div class="row"><span class="status ' + esc(t.status) + '">' + esc(t.status) + '</span>' +
        '<span class="op">' + esc(t.operationName) + '</span><span class="spacer"></span><span class="small muted">' + esc(clock(t.startTime)) + '</span></div>' +
        '<div class="small muted">' + esc(t.ownerKind) + ' ' + esc(t.owner) + (t.org ? ' · ' + esc(t.org) : '') + (active ? ' · ' + t.progress + '%' : '') + '</div>' +
        (active ? '<div class="track"><div class="fill" style="width:' + t.progress + '%"></div></div>' : '') +
        (t.error ? '<div class="err">' + esc(t.error) + '</div>' : '') + '</div>';
    }).join('') || '<p class="empty">none yet</p>';
  }

  function renderGateways(s) {
    $('gateways').innerHTML = (s.gateways || []).map(function (g) {
      return '<div class="task"><div class="row"><span class="op">' + esc(g.name) + '</span><span class="spacer"></span>' +
        (g.busy ? '<span class="status running">busy</span>' : '') + '</div>' +
        '<div class="small muted">' + esc(g.org) + ' · ' + plural(g.natRules, 'NAT rule', 'NAT rules') + ' · ' +
        plural(g.firewallRules, 'firewall rule', 'firewall rules') + ' · ' + plural(g.firewallGroups, 'firewall group', 'firewall groups') +
        ' · ' + plural(g.ipsecTunnels, 'IPsec tunnel', 'IPsec tunnels') + ' · DNS forwarder ' + (g.dnsForwarder ? 'on' : 'off') +
        ' · DHCP on ' + plural(g.dhcpNetworks, 'network', 'networks') + ' (' + plural(g.dhcpLeases, 'lease', 'leases') + ')</div></div>';
    }).join('') || '<p class="empty">none</p>';
  }

  function render(s) {
    last = s;
    $('version').textContent = 'v' + s.version;
    $('clock').textContent = s.time.replace('T', ' ').slice(0, 19) + ' UTC · ' + (s.speed === 0 ? 'clock frozen' : s.speed + '× speed');
    var c = s.counts;
    $('counts').innerHTML = [[c.orgs, 'orgs'], [c.vdcs, 'VDCs'], [c.vApps, 'vApps'], [c.vms, 'VMs'], [c.poweredOn, 'on'], [c.activeTasks, 'tasks running'], [c.disks, 'disks'], [c.edgeGateways, 'edge gateways'], [c.catalogs, 'catalogs'], [c.templates, 'templates'], [c.vdcGroups, 'VDC groups']]
      .map(function (p) { return '<span class="chip"><b>' + p[0] + '</b> ' + p[1] + '</span>'; }).join('');
    renderTree(s);
    renderProvider(s.provider);
    renderTasks(s);
    renderGateways(s);
  }

  $('tree').addEventListener('click', function (e) {
    var title = e.target.closest('.org > .title');
    if (!title) return;
    var org = title.parentNode;
    closed[org.dataset.id] = !closed[org.dataset.id];
    org.classList.toggle('closed');
  });

  // Control API: fault rules, scenario runs, the buttons. It may be absent, or want a token.
  function headers(json) {
    var h = {};
    var token = sessionStorage.getItem(TOKEN_KEY);
    if (token) h['X-VCDSIM-Control-Token'] = token;
    if (json) h['Content-Type'] = 'application/json';
    return h;
  }
  function call(method, path, body) {
    return fetch(base + path, { method: method, headers: headers(body !== undefined), body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (res) {
        if (res.status === 404 && control !== 'present') setControl('absent');
        else if (res.status === 401) setControl('locked');
        else if (res.status === 403) setControl('closed');
        else setControl('present');
        return res.text().then(function (text) {
          var data = null;
          try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
          if (!res.ok) throw new Error((data && (data.detail || data.message || data.title)) || (res.status + ' ' + res.statusText));
          return data;
        });
      });
  }
  function setControl(state) {
    if (control === state) return;
    control = state;
    var usable = state === 'present';
    // Only what this page may do is offered: without the token (or from afar) it is read-only.
    $('add-fault').disabled = $('reset').disabled = $('preset').disabled = !usable;
    var why = state === 'absent' ? 'the control API is not part of this build'
      : state === 'locked' ? 'read-only: the control API wants its token (printed in vcdsim\'s log at start, or the VCDSIM_CONTROL_TOKEN it was given)'
      : state === 'closed' ? 'read-only: the control API answers loopback clients only (start vcdsim with --control-token or --control-open)' : '';
    ['add-fault', 'reset', 'preset'].forEach(function (id) { $(id).title = why || ''; });
    if (state === 'absent') {
      $('faults').innerHTML = '<p class="empty">none (no control API in this build)</p>';
      $('scenario').innerHTML = '<p class="empty">none (no control API in this build)</p>';
    }
    if (state === 'closed') {
      $('faults').innerHTML = '<p class="empty">Read-only: the control API answers loopback clients only (start vcdsim with --control-token or --control-open).</p>';
      $('scenario').innerHTML = '<p class="empty">none visible from here</p>';
    }
    if (state === 'locked') {
      var ask = '<p class="empty">Read-only: the control API wants its token (vcdsim prints it at start unless VCDSIM_CONTROL_TOKEN set it). <button class="x" style="font-size:13px;color:var(--blue)" data-token>Enter token</button></p>';
      $('faults').innerHTML = ask;
      $('scenario').innerHTML = '<p class="empty">none visible without the control token</p>';
    }
  }
  function askToken() {
    var t = prompt('Control token (printed in vcdsim\'s log at start, or its VCDSIM_CONTROL_TOKEN):');
    if (t) { sessionStorage.setItem(TOKEN_KEY, t); control = 'unknown'; refreshControl(); }
  }
  document.addEventListener('click', function (e) { if (e.target.closest('[data-token]')) askToken(); });

  function renderFaults(rules) {
    $('faults').innerHTML = rules.length ? rules.map(function (r) {
      var a = r.action || {};
      var what = r.description || a.type;
      var detail = [a.type, r.probability < 1 ? Math.round(r.probability * 100) + '%' : '', r.until ? 'until ' + clock(r.until) : '', 'fired ' + r.fired + '×']
        .filter(Boolean).join(' · ');
      return '<div class="rule"><span class="status ' + esc(r.state) + '">' + esc(r.state) + '</span><div class="what"><div>' + esc(what) +
        '</div><div class="small muted"><code>' + esc(r.id) + '</code> · ' + esc(detail) + '</div></div>' +
        '<button class="x" title="remove this rule" data-remove="' + esc(r.id) + '">×</button></div>';
    }).join('') : '<p class="empty">none</p>';
  }
  $('faults').addEventListener('click', function (e) {
    var b = e.target.closest('[data-remove]');
    if (!b) return;
    call('DELETE', '/faults/' + encodeURIComponent(b.dataset.remove)).then(refreshControl, function (err) { toast(err.message, true); });
  });

  function renderScenario(data) {
    var runs = (data && data.runs) || [];
    var run = runs.filter(function (r) { return r.status === 'running'; })[0] || runs[runs.length - 1];
    if (!run) {
      var avail = (data && data.available) || [];
      $('scenario').innerHTML = '<p class="empty">none running</p>' + (avail.length ? '<p class="small muted">available: ' + avail.map(esc).join(', ') + '</p>' : '');
      return;
    }
    var pct = run.steps.total ? Math.round((run.steps.done / run.steps.total) * 100) : 100;
    var lines = (run.progress || []).slice(-40).map(function (l) { return '<li>' + esc(l) + '</li>'; }).join('');
    var checks = (run.checks || []).map(function (c) {
      return '<li class="' + (c.ok ? 'ok' : 'bad') + '">' + (c.ok ? '✓ ' : '✗ ') + esc(c.at) + ' ' + esc(c.description) + '</li>';
    }).join('');
    $('scenario').innerHTML = '<div class="row" style="display:flex;gap:8px;align-items:center"><span class="status ' + esc(run.status) + '">' + esc(run.status) +
      '</span><b>' + esc(run.name) + '</b><span class="spacer"></span><span class="small muted">' + esc(run.elapsed) + '</span></div>' +
      '<div class="steps small muted">' + run.steps.done + ' / ' + run.steps.total + ' steps' + (run.steps.next ? ' · next at ' + esc(run.steps.next) : '') + '</div>' +
      '<div class="track"><div class="fill" style="width:' + pct + '%"></div></div>' +
      (lines ? '<ul class="timeline">' + lines + '</ul>' : '') + (checks ? '<ul class="checks">' + checks + '</ul>' : '');
  }

  function refreshControl() {
    if (control === 'absent' || control === 'locked' || control === 'closed') return;
    call('GET', '/faults').then(function (rules) { renderFaults(Array.isArray(rules) ? rules : []); }, function () {});
    call('GET', '/scenarios').then(renderScenario, function () {});
  }

  $('preset').innerHTML = PRESETS.map(function (p, i) { return '<option value="' + i + '">' + esc(p.label) + '</option>'; }).join('');
  $('add-fault').addEventListener('click', function () {
    if (control === 'locked') return askToken();
    var p = PRESETS[Number($('preset').value)];
    call('POST', '/faults', p.rule).then(function (r) { toast('Fault rule ' + r.id + ' added'); refreshControl(); },
      function (err) { toast('Could not add the fault: ' + err.message, true); });
  });
  $('reset').addEventListener('click', function () {
    if (control === 'locked') return askToken();
    if (!confirm('Reset the simulator to its fixture? Everything created since, and every fault rule, goes.')) return;
    call('POST', '/reset').then(function () { toast('Reset to the fixture'); refreshControl(); },
      function (err) { toast('Could not reset: ' + err.message, true); });
  });

  // The live feed; if the browser cannot stream, poll the same state.
  function poll() {
    fetch(base + '/ui/state').then(function (r) { return r.json(); }).then(function (s) { render(s); setConn('polling', 'live'); },
      function () { setConn('disconnected', 'warn'); });
  }
  if (window.EventSource) {
    var es = new EventSource(base + '/ui/events');
    es.addEventListener('state', function (e) { render(JSON.parse(e.data)); setConn('live', 'live'); });
    es.onerror = function () { setConn('reconnecting…', 'warn'); };
  } else {
    poll();
    setInterval(poll, 2000);
  }
  refreshControl();
  setInterval(refreshControl, 2000);
})();
</script>
</body>
</html>
`;
