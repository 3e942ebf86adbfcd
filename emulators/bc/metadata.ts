/**
 * The real BC API v2.0 `$metadata` (EDMX), parsed once into what the emulator and the
 * contract tests need: entity sets, property types and MaxLength, navigation properties,
 * enum members (wire names), bound actions and insert/update/delete capabilities.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';

export const defaultMetadataPath = fileURLToPath(new URL('./artifacts/business-central-api-v2.0-metadata.xml', import.meta.url));

export interface PropertyDef {
  name: string;
  /** `Edm.String`, `Edm.Decimal`, … or a `Microsoft.NAV.<enum>`/complex type name. */
  type: string;
  nullable: boolean;
  maxLength?: number;
  /** Wire values when the type is an enum. */
  enumMembers?: string[];
  collection: boolean;
}

export interface NavigationDef {
  name: string;
  /** Entity type name without namespace. */
  target: string;
  collection: boolean;
  /** Target rows are those whose `referencedProperty` equals the source's `property`. */
  constraint?: { property: string; referencedProperty: string };
}

export interface EntityTypeDef {
  name: string;
  keys: string[];
  properties: Map<string, PropertyDef>;
  navigation: Map<string, NavigationDef>;
  actions: Set<string>;
}

export interface EntitySetDef {
  name: string;
  type: string;
  insertable: boolean;
  updatable: boolean;
  deletable: boolean;
}

export interface EdmModel {
  xml: string;
  entityTypes: Map<string, EntityTypeDef>;
  entitySets: Map<string, EntitySetDef>;
  enums: Map<string, string[]>;
}

const namespace = 'Microsoft.NAV.';
const stripNs = (type: string) => (type.startsWith(namespace) ? type.slice(namespace.length) : type);

/** `In_x0020_Review` → `In Review`: member names escape characters XML names cannot hold. */
export function decodeMemberName(name: string): string {
  return name.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

type Node = Record<string, unknown>;
const list = (value: unknown): Node[] => (value === undefined ? [] : Array.isArray(value) ? (value as Node[]) : [value as Node]);

function capability(set: Node, term: string, property: string): boolean {
  for (const annotation of list(set.Annotation)) {
    if (annotation.Term !== `Org.OData.Capabilities.V1.${term}`) continue;
    const value = list((annotation.Record as Node | undefined)?.PropertyValue).find((p) => p.Property === property);
    return value?.Bool === 'true';
  }
  return false;
}

export function parseMetadata(xml: string): EdmModel {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
  const doc = parser.parse(xml) as Node;
  const schema = ((doc['edmx:Edmx'] as Node)['edmx:DataServices'] as Node).Schema as Node;

  const enums = new Map<string, string[]>();
  for (const en of list(schema.EnumType)) {
    enums.set(
      String(en.Name),
      list(en.Member).map((m) => decodeMemberName(String(m.Name))),
    );
  }

  const entityTypes = new Map<string, EntityTypeDef>();
  for (const et of list(schema.EntityType)) {
    const properties = new Map<string, PropertyDef>();
    for (const p of list(et.Property)) {
      const raw = String(p.Type);
      const collection = raw.startsWith('Collection(');
      const type = stripNs(collection ? raw.slice(11, -1) : raw);
      const def: PropertyDef = { name: String(p.Name), type, nullable: p.Nullable !== 'false', collection };
      if (p.MaxLength !== undefined) def.maxLength = Number(p.MaxLength);
      if (enums.has(type)) def.enumMembers = enums.get(type);
      properties.set(def.name, def);
    }
    const navigation = new Map<string, NavigationDef>();
    for (const n of list(et.NavigationProperty)) {
      const raw = String(n.Type);
      const collection = raw.startsWith('Collection(');
      const def: NavigationDef = { name: String(n.Name), target: stripNs(collection ? raw.slice(11, -1) : raw), collection };
      const constraint = list(n.ReferentialConstraint)[0];
      if (constraint) def.constraint = { property: String(constraint.Property), referencedProperty: String(constraint.ReferencedProperty) };
      navigation.set(def.name, def);
    }
    const keys = list((et.Key as Node | undefined)?.PropertyRef).map((k) => String(k.Name));
    entityTypes.set(String(et.Name), { name: String(et.Name), keys, properties, navigation, actions: new Set() });
  }

  for (const action of list(schema.Action)) {
    const binding = list(action.Parameter).find((p) => p.Name === 'bindingParameter');
    if (binding) entityTypes.get(stripNs(String(binding.Type)))?.actions.add(String(action.Name));
  }

  const entitySets = new Map<string, EntitySetDef>();
  for (const set of list((schema.EntityContainer as Node).EntitySet)) {
    entitySets.set(String(set.Name), {
      name: String(set.Name),
      type: stripNs(String(set.EntityType)),
      insertable: capability(set, 'InsertRestrictions', 'Insertable'),
      updatable: capability(set, 'UpdateRestrictions', 'Updatable'),
      deletable: capability(set, 'DeleteRestrictions', 'Deletable'),
    });
  }
  return { xml, entityTypes, entitySets, enums };
}

const cache = new Map<string, EdmModel>();

/** Parsed once per process and path: the file is large and never changes at run time. */
export function loadMetadata(path = defaultMetadataPath): EdmModel {
  let model = cache.get(path);
  if (!model) {
    model = parseMetadata(readFileSync(path, 'utf8'));
    cache.set(path, model);
  }
  return model;
}

export function entityType(model: EdmModel, name: string): EntityTypeDef {
  const def = model.entityTypes.get(name);
  if (!def) throw new Error(`entity type ${name} is not in the metadata`);
  return def;
}
