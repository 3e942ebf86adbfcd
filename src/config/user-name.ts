/** Who runs a CLI command, for the audit trail; kept apart from env.ts so the CLI can show its help without loading zod. */
export function currentUserName(source: NodeJS.ProcessEnv = process.env): string {
  return source.LEDGERBRIDGE_OPERATOR || source.USER || source.LOGNAME || 'operator';
}
