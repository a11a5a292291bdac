export * from './stages';
export * from './records';
export * from './demand';
export * from './random';
export * from './small-school';
export * from './wire';
export * from './recent-map';
export * from './read-urls';
