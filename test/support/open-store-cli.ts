// Opens the embedded store on the directory given, for the lock test's second process.
import { openStore } from '../../src/store/open-store.ts';

const store = await openStore({ backend: 'embedded', dataDir: process.argv[2]! });
await store.close();
console.log('opened');
