// UI pieces the layers' pages share, kept out of `./client` (index.ts): the boot path imports
// that entry whole, so whatever it exports weighs on the sign-in page.
export { default as DataTable } from './components/DataTable.vue'
