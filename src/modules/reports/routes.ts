import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import type { App } from '../../http/types.js';
import { toCsv } from './csv.js';
import {
  benchmarkSettings,
  benchmarkSettingsBody,
  csvAnswer,
  csvParams,
  drillAnswer,
  drillQuery,
  figureOfFile,
  periodQuery,
  report,
  reportQuery,
  summaryAnswer,
  summaryQuery,
} from './schemas.js';
import * as service from './service.js';

export function reportRoutes(app: App, deps: AppDeps) {
  const tags = ['Reports'];
  app.get(
    '/api/v1/reports',
    { schema: { tags, summary: 'Every figure for a period, from the stage history and the ledger', querystring: reportQuery, response: { 200: report } } },
    (req) => service.getReport(deps, actorOf(req), req.query),
  );
  app.get(
    '/api/v1/reports/summary',
    {
      schema: {
        tags,
        summary: 'Six headline figures of one pipeline, each beside the network’s quartiles where five or more shops contribute',
        querystring: summaryQuery,
        response: { 200: summaryAnswer },
      },
    },
    (req) => service.getSummary(deps, actorOf(req), req.query),
  );
  app.get(
    '/api/v1/reports/jobs',
    { schema: { tags, summary: 'The jobs behind one bar of a figure', 'x-problems': ['Forbidden'], querystring: drillQuery, response: { 200: drillAnswer } } },
    (req) => service.drill(deps, actorOf(req), req.query),
  );
  app.get(
    '/api/v1/reports/:file',
    {
      schema: {
        tags,
        summary: 'One figure’s table as CSV',
        'x-problems': ['Forbidden'],
        params: csvParams,
        querystring: periodQuery,
        produces: ['text/csv'],
        response: { 200: csvAnswer },
      },
    },
    async (req, reply) => {
      const period = service.periodOf(req.query, deps.clock);
      const figure = await service.getFigure(deps, actorOf(req), figureOfFile(req.params.file), period);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${figure.id}-${period.from}-${period.to}.csv"`)
        .header('cache-control', 'private, no-store')
        .send(toCsv(figure));
    },
  );
  app.patch(
    '/api/v1/reports/settings',
    {
      schema: {
        tags,
        summary: 'Keep this shop out of the network benchmark (and see none)',
        body: benchmarkSettingsBody,
        response: { 200: benchmarkSettings },
      },
    },
    (req) => service.setBenchmarkOptOut(deps, actorOf(req), req.body.benchmarkOptOut),
  );
}
