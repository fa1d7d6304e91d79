import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NewTask, Task, TaskChange, TaskPage, TaskQuery, TaskSummary } from '@xiang/shared';
import { authenticate } from '../platform/http.ts';
import { changeTask, createTask, dismissReminder, getTask, listTasks, taskSummary } from './service.ts';

const TaskParam = z.object({ id: z.uuid() });
const tags = ['Tasks'];

export const taskRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', authenticate);
  app.get('/tasks', { schema: { tags, querystring: TaskQuery, response: { 200: TaskPage } } },
    async (req) => listTasks(app.db, req.scope, req.query));
  app.get('/tasks/summary', { schema: { tags, response: { 200: TaskSummary } } },
    async (req) => taskSummary(app.db, req.scope));
  app.post('/tasks', { schema: { tags, body: NewTask, response: { 201: Task } } },
    async (req, reply) => reply.code(201).send(await createTask(app.db, req.scope, req.body)));
  app.get('/tasks/:id', { schema: { tags, params: TaskParam, response: { 200: Task } } },
    async (req) => getTask(app.db, req.scope, req.params.id));
  app.patch('/tasks/:id', { schema: { tags, params: TaskParam, body: TaskChange, response: { 200: Task } } },
    async (req) => changeTask(app.db, req.scope, req.params.id, req.body));
  app.post('/tasks/:id/reminder-dismissal', { schema: { tags, params: TaskParam, response: { 200: Task } } },
    async (req) => dismissReminder(app.db, req.scope, req.params.id));
};
