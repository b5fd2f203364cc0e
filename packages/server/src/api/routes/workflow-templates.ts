/** argo-server's WorkflowTemplateService and ClusterWorkflowTemplateService. */
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../deps.js';
import { type ResourceSpec, registerResourceRoutes } from './stored-resources.js';

export const workflowTemplateSpec: ResourceSpec = {
  kind: 'WorkflowTemplate',
  base: '/api/v1/workflow-templates',
  namespaced: true,
  field: 'template',
  service: 'WorkflowTemplateService',
  plural: 'workflowtemplates',
  operation: 'WorkflowTemplate',
};

export const clusterWorkflowTemplateSpec: ResourceSpec = {
  kind: 'ClusterWorkflowTemplate',
  base: '/api/v1/cluster-workflow-templates',
  namespaced: false,
  field: 'template',
  service: 'ClusterWorkflowTemplateService',
  plural: 'clusterworkflowtemplates',
  operation: 'ClusterWorkflowTemplate',
};

export function registerWorkflowTemplateRoutes(app: FastifyInstance, ctx: ApiContext): void {
  registerResourceRoutes(app, ctx, workflowTemplateSpec);
  registerResourceRoutes(app, ctx, clusterWorkflowTemplateSpec);
}
