/** The shop (connection) chooser of a dashboard form, shown only on a hub with several shops. */
import { html, type Html } from './html.ts';

export function option(value: string, label: string, selected: boolean): Html {
  return html`<option value="${value}" ${selected ? html`selected` : ''}>${label}</option>`;
}

/** `all`: the label of "every shop" (a filter); without it one shop must be chosen (a run, a SKU). */
export function shopSelect(id: string, connections: readonly string[] | undefined, selected: string | undefined, all?: string): Html {
  if (!connections || connections.length < 2) return html``;
  return html`<label for="${id}">Shop</label>
    <select id="${id}" name="connection" ${all ? '' : html`required`}>
      ${all ? option('', all, !selected) : ''} ${connections.map((connection) => option(connection, connection, selected === connection))}
    </select>`;
}
