export { main } from './main.js';
export { renderTree } from './render/tree.js';
