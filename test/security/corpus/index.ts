/** The whole hostile-input corpus, by surface. */
import { bcCases } from './bc.ts';
import { cliCases } from './cli.ts';
import { configCases } from './config.ts';
import { dashboardCases } from './dashboard.ts';
import { operatorApiCases } from './operator-api.ts';
import { shopifyCases } from './shopify.ts';
import type { HttpCase } from './types.ts';
import { warehouseCases } from './warehouse.ts';

export const httpCases: HttpCase[] = [...shopifyCases, ...bcCases, ...warehouseCases, ...operatorApiCases, ...dashboardCases];

export const corpus = {
  'Shopify webhooks': shopifyCases,
  'BC webhooks': bcCases,
  'warehouse callbacks': warehouseCases,
  'operator API': operatorApiCases,
  dashboard: dashboardCases,
  'CLI arguments': cliCases,
  'configuration files': configCases,
};
