// What other modules use of patrol planning (re-exported by index.ts): the module and the beats in force.
export type { BeatInForce } from './beats.service.ts';
export { beatsInForce } from './beats.service.ts';
export type { DesignProgress } from './events.ts';
export { patrolModule } from './patrol.module.ts';
