// Stands in for the `got` HTTP client inside Electronegativity (see
// scripts/electronegativity.ts): its i18n module asks GitHub for translations
// on every run, and its release check downloads Electron's release list. The
// scan must run offline, so every request fails at once as if there were no
// network, which both modules already handle.
'use strict';
const offline = () => Promise.reject(new Error('offline: electronegativity runs without network'));
offline.head = offline;
offline.get = offline;
module.exports = offline;
