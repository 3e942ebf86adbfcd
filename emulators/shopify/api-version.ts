/**
 * The Admin API version this emulator serves: the version of the schema artifact it is built
 * from (emulators/shopify/schema). Declared here, not borrowed from the connector, so a
 * connector that moves to another version is caught by the contract test, not silently followed.
 */
export const EMULATED_API_VERSION = '2026-10';
