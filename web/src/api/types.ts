import type { paths } from './schema';

/** Shapes read off the generated OpenAPI types; nothing here is declared by hand. */
type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type Me = Json<paths['/api/v1/me']['get']['responses'][200]>;
export type Shop = Me['shop'];
export type User = Me['user'];
/** A bespoke job as its board card carries it (the board's one answer). */
export type Job = Json<paths['/api/v1/bespoke/board']['get']['responses'][200]>['items'][number];
export type JobDetail = Json<paths['/api/v1/bespoke/{id}']['get']['responses'][200]>;
export type Stage = Job['stage'];
export type StageEntry = JobDetail['stages'][number];
export type Comment = JobDetail['comments'][number];
export type Payment = JobDetail['payments'][number];
export type Customer = Json<paths['/api/v1/customers']['get']['responses'][200]>['items'][number];
export type CreateJobBody = Json<paths['/api/v1/bespoke']['post']['requestBody']>;
export type CreateCustomerBody = Json<paths['/api/v1/customers']['post']['requestBody']>;
export type PaymentBody = Json<paths['/api/v1/bespoke/{id}/payments']['post']['requestBody']>;
export type PaymentKind = PaymentBody['kind'];
export type SignUpBody = Json<paths['/api/v1/shops']['post']['requestBody']>;
export type MessageThreadList = Json<paths['/api/v1/bespoke/{id}/messages']['get']['responses'][200]>;
export type UnreadJob = Json<paths['/api/v1/messages/unread']['get']['responses'][200]>['items'][number];
