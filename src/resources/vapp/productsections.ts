/**
 * OVF product sections of vApps and VMs (`…/productSections`): the guest properties a guest reads from its
 * OVF environment, which go-vcloud-director's Get/SetProductSectionList and Terraform's `guest_properties`
 * manage. A PUT replaces them all, as a task; an empty ProductSectionList removes them.
 */
import type { Router } from 'express';
import type { World } from '../../world.js';
import type { ProductProperty } from '../../store/types.js';
import { badRequest } from '../../errors.js';
import { MT } from '../../wire/media.js';
import { link } from '../../wire/links.js';
import { readBody } from '../../wire/body.js';
import { attr, child, children, parseBool, text, type Doc } from '../../wire/xml.js';
import { sendDoc, type Rendered } from '../../wire/render.js';
import { sendAccepted } from '../task/view.js';
import { param, requireRight, visible } from '../access.js';
import { hrefOf } from '../links.js';
import { RIGHTS } from '../../store/roles.js';
import { startUpdateVApp } from './ops.js';
import { startReconfigure } from '../vm/ops.js';

const MAX_PROPERTIES = 1000;

/** ProductSectionList → the properties it declares (keys unique). */
export function productPropertiesFrom(doc: Doc): ProductProperty[] {
  const props = children(child(doc, 'ProductSection'), 'Property');
  if (props.length > MAX_PROPERTIES) throw badRequest(`A product section holds at most ${MAX_PROPERTIES} properties.`);
  const keys = new Set<string>();
  return props.map((p, i) => {
    const key = attr(p, 'key')?.trim();
    if (!key) throw badRequest(`Property ${i + 1} of the product section needs a key.`);
    if (keys.has(key)) throw badRequest(`The product section declares the property "${key}" twice.`);
    keys.add(key);
    return {
      key,
      type: attr(p, 'type') ?? 'string',
      // XML: the ovf:value attribute; VCD's JSON names it defaultValue (its `value` is the Value element).
      defaultValue: attr(p, 'defaultValue') ?? attr(p, 'value') ?? '',
      value: attr(child(p, 'Value'), 'value'),
      userConfigurable: parseBool(attr(p, 'userConfigurable'), false),
      label: text(p, 'Label') || undefined,
      description: text(p, 'Description') || undefined,
    };
  });
}

export function productSectionsView(href: string, props: ProductProperty[] | undefined, editable: boolean): Rendered {
  return {
    root: 'ProductSectionList',
    type: MT.productSections,
    body: {
      '@_href': href,
      '@_type': MT.productSections,
      Link: editable ? [link('edit', href, MT.productSections)] : undefined,
      'ovf:ProductSection': {
        'ovf:Info': 'Information about the installed software',
        'ovf:Property': (props ?? []).map((p) => ({
          '@_ovf:key': p.key,
          '@_ovf:type': p.type,
          '@_ovf:userConfigurable': p.userConfigurable,
          '@_ovf:value': p.defaultValue,
          'ovf:Label': p.label,
          'ovf:Description': p.description,
          'ovf:Value': p.value === undefined ? undefined : { '@_ovf:value': p.value },
        })),
      },
    },
  };
}

export function productSectionRoutes(router: Router, sim: World): void {
  router.get('/api/vApp/vapp-:id/productSections', (req, res) => {
    const vapp = visible(sim, req, 'vApp', param(req, 'id'));
    sendDoc(req, res, productSectionsView(`${hrefOf(req.ctx.base, 'vApp', vapp.id)}/productSections`, vapp.productProperties, true));
  });
  router.put('/api/vApp/vapp-:id/productSections', (req, res) => {
    requireRight(req, RIGHTS.vappEdit);
    const vapp = visible(sim, req, 'vApp', param(req, 'id'));
    const productProperties = productPropertiesFrom(readBody(req, 'ProductSectionList').doc);
    sendAccepted(sim, req, res, startUpdateVApp(sim, req.ctx, vapp, { productProperties }));
  });
  router.get('/api/vApp/vm-:id/productSections', (req, res) => {
    const vm = visible(sim, req, 'vm', param(req, 'id'));
    sendDoc(req, res, productSectionsView(`${hrefOf(req.ctx.base, 'vm', vm.id)}/productSections`, vm.productProperties, true));
  });
  router.put('/api/vApp/vm-:id/productSections', (req, res) => {
    requireRight(req, RIGHTS.vmEditProperties);
    const vm = visible(sim, req, 'vm', param(req, 'id'));
    const productProperties = productPropertiesFrom(readBody(req, 'ProductSectionList').doc);
    sendAccepted(sim, req, res, startReconfigure(sim, req.ctx, sim.store.get('vApp', vm.vappId)!, vm, { productProperties }));
  });
}
