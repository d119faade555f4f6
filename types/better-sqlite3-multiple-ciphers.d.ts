// better-sqlite3-multiple-ciphers has the API of better-sqlite3 (plus cipher
// pragmas) but ships no type declarations; borrow better-sqlite3's.
declare module 'better-sqlite3-multiple-ciphers' {
  import Database from 'better-sqlite3';
  export = Database;
}
