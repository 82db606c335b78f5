export * from './types';
export * from './engine';
export * from './state-store';
export * from './stats';
export * from './strategies';
export * from './heap';
export * from './invariants';
