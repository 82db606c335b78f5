// class-transformer's metadata storage, as its CommonJS build ships it (types/storage.d.ts has the declaration).
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
