/**
 * The companion extension's API (`ledgerbridge/integration/v1.0`), read from the contract
 * kept beside the AL source (`bc-extension/api-contract.json`) into the same model the
 * standard API uses, so one set of OData code serves both. Its `$metadata` is generated
 * from that model, as BC generates it from the AL pages.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EdmModel, EntitySetDef, EntityTypeDef, NavigationDef, PropertyDef } from './metadata.ts';

export const defaultContractPath = fileURLToPath(new URL('../../bc-extension/api-contract.json', import.meta.url));

export interface ContractProperty {
  name: string;
  type: string;
  maxLength?: number;
  readOnly?: boolean;
}

export interface ContractEntitySet {
  name: string;
  entityName: string;
  object: string;
  source: string;
  query?: boolean;
  insertable: boolean;
  updatable: boolean;
  deletable: boolean;
  actions: string[];
  navigation?: { name: string; target: string; collection: boolean; property: string; referencedProperty: string }[];
  properties: ContractProperty[];
}

export interface CompanionContract {
  publisher: string;
  group: string;
  version: string;
  enums: Record<string, string[]>;
  entitySets: ContractEntitySet[];
}

export interface CompanionModel extends EdmModel {
  contract: CompanionContract;
  /** Read-only properties per entity type, from the contract (the AL pages' `Editable = false`). */
  readOnly: Map<string, Set<string>>;
  /** Entity sets that are API queries: no key, no single-entity access. */
  queries: Set<string>;
}

export function loadCompanionContract(path = defaultContractPath): CompanionContract {
  return JSON.parse(readFileSync(path, 'utf8')) as CompanionContract;
}

export function buildCompanionModel(contract: CompanionContract): CompanionModel {
  const entityTypes = new Map<string, EntityTypeDef>();
  const entitySets = new Map<string, EntitySetDef>();
  const readOnly = new Map<string, Set<string>>();
  const enums = new Map(Object.entries(contract.enums));
  for (const set of contract.entitySets) {
    const properties = new Map<string, PropertyDef>();
    for (const p of set.properties) {
      const def: PropertyDef = { name: p.name, type: p.type, nullable: p.name !== 'id', collection: false };
      if (p.maxLength !== undefined) def.maxLength = p.maxLength;
      if (enums.has(p.type)) def.enumMembers = enums.get(p.type);
      properties.set(p.name, def);
    }
    const navigation = new Map<string, NavigationDef>();
    for (const n of set.navigation ?? []) {
      navigation.set(n.name, {
        name: n.name,
        target: n.target,
        collection: n.collection,
        constraint: { property: n.property, referencedProperty: n.referencedProperty },
      });
    }
    entityTypes.set(set.entityName, {
      name: set.entityName,
      keys: set.query ? [] : ['id'],
      properties,
      navigation,
      actions: new Set(set.actions),
    });
    entitySets.set(set.name, {
      name: set.name,
      type: set.entityName,
      insertable: set.insertable,
      updatable: set.updatable,
      deletable: set.deletable,
    });
    readOnly.set(set.entityName, new Set(set.properties.filter((p) => p.readOnly).map((p) => p.name)));
  }
  const model: CompanionModel = {
    xml: '',
    entityTypes,
    entitySets,
    enums,
    contract,
    readOnly,
    queries: new Set(contract.entitySets.filter((s) => s.query).map((s) => s.name)),
  };
  model.xml = renderEdmx(model);
  return model;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Enum member names escape what XML names cannot hold, as BC's metadata does (`In_x0020_Review`). */
const memberName = (value: string) =>
  value.replace(/[^A-Za-z0-9_]/g, (ch) => `_x${ch.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}_`);
const qualified = (type: string) => (type.startsWith('Edm.') ? type : `Microsoft.NAV.${type}`);

function capability(term: string, property: string, value: boolean): string {
  return `<Annotation Term="Org.OData.Capabilities.V1.${term}"><Record><PropertyValue Property="${property}" Bool="${value}" /></Record></Annotation>`;
}

/** An EDMX document in the shape of BC's `$metadata`, for clients that probe the companion API. */
export function renderEdmx(model: CompanionModel): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">',
    '<edmx:DataServices>',
    '<Schema Namespace="Microsoft.NAV" xmlns="http://docs.oasis-open.org/odata/ns/edm">',
  ];
  for (const [name, members] of model.enums) {
    out.push(`<EnumType Name="${name}">${members.map((m, i) => `<Member Name="${memberName(m)}" Value="${i}" />`).join('')}</EnumType>`);
  }
  for (const type of model.entityTypes.values()) {
    out.push(`<EntityType Name="${type.name}">`);
    if (type.keys.length) out.push(`<Key>${type.keys.map((k) => `<PropertyRef Name="${k}" />`).join('')}</Key>`);
    for (const p of type.properties.values()) {
      out.push(
        `<Property Name="${p.name}" Type="${qualified(p.type)}"${p.nullable ? '' : ' Nullable="false"'}${p.maxLength ? ` MaxLength="${p.maxLength}"` : ''} />`,
      );
    }
    for (const n of type.navigation.values()) {
      const target = qualified(n.target);
      out.push(
        `<NavigationProperty Name="${n.name}" Type="${n.collection ? `Collection(${target})` : target}"><ReferentialConstraint Property="${n.constraint!.property}" ReferencedProperty="${n.constraint!.referencedProperty}" /></NavigationProperty>`,
      );
    }
    out.push('</EntityType>');
    for (const action of type.actions) {
      out.push(`<Action Name="${action}" IsBound="true"><Parameter Name="bindingParameter" Type="Microsoft.NAV.${type.name}" /></Action>`);
    }
  }
  out.push('<EntityContainer Name="NAV">');
  for (const set of model.entitySets.values()) {
    out.push(`<EntitySet Name="${set.name}" EntityType="Microsoft.NAV.${escapeXml(set.type)}">`);
    out.push(
      capability('InsertRestrictions', 'Insertable', set.insertable),
      capability('UpdateRestrictions', 'Updatable', set.updatable),
      capability('DeleteRestrictions', 'Deletable', set.deletable),
    );
    out.push('</EntitySet>');
  }
  out.push('</EntityContainer>', '</Schema>', '</edmx:DataServices>', '</edmx:Edmx>');
  return out.join('\n');
}
