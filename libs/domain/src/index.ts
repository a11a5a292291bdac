export * from './stages';
export * from './records';
export * from './demand';
export * from './testing';
export * from './small-school';
