import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NewTask, Task, TaskChange, TaskPage, TaskQuery, TaskSummary } from '@xiang/shared';
import { reaching } from '../platform/access.ts';
import { changeTask, createTask, dismissReminder, getTask, listTasks, taskSummary } from './service.ts';

const TaskParam = z.object({ taskId: z.uuid() });
const tags = ['Tasks'];
const to = reaching('task');

export const taskRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/tasks', { config: to('task.read'), schema: { tags, querystring: TaskQuery, response: { 200: TaskPage } } },
    async (req) => listTasks(app.db, req.scope, req.query));
  app.get('/tasks/summary', { config: to('task.read'), schema: { tags, response: { 200: TaskSummary } } },
    async (req) => taskSummary(app.db, req.scope));
  app.post('/tasks', { config: to('task.write'), schema: { tags, body: NewTask, response: { 201: Task } } },
    async (req, reply) => reply.code(201).send(await createTask(app.db, req.scope, req.body)));
  app.get('/tasks/:taskId', { config: to('task.read'), schema: { tags, params: TaskParam, response: { 200: Task } } },
    async (req) => getTask(app.db, req.scope, req.params.taskId));
  app.patch('/tasks/:taskId', { config: to('task.write'), schema: { tags, params: TaskParam, body: TaskChange, response: { 200: Task } } },
    async (req) => changeTask(app.db, req.scope, req.params.taskId, req.body));
  app.post('/tasks/:taskId/reminder-dismissal', { config: to('task.write'), schema: { tags, params: TaskParam, response: { 200: Task } } },
    async (req) => dismissReminder(app.db, req.scope, req.params.taskId));
};
