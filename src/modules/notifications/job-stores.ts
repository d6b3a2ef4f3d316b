export { pipelineStores as jobStores } from '../jobs/stores.js';
