/**
 * kam-plugin-visit-log: visits logged on accounts. A package installed from
 * npm receives the host's plugin kit as the argument of its default export,
 * so it needs no import of the host at run time (types come from
 * `kam-graphql/plugin` in the JSDoc below).
 *
 * @param {typeof import('kam-graphql/plugin')} kam
 */
export default (kam) => {
  const { definePlugin, defineEvents, runMutation, idOf, ValidationError, z } = kam;

  const events = defineEvents({
    'visit-log.visit.logged': z.object({ visitId: z.string(), note: z.string() }),
  });

  return definePlugin({
    name: 'visit-log',
    version: '1.0.0',
    core: '^1.0.0',
    events,
    access: {
      'Mutation.logVisit': {
        summary: 'Log a visit to an account',
        staff: { TOP: 'all', MIDDLE: 'department', FRONTLINE: 'team' },
        serviceScope: 'accounts:write',
      },
    },
    schema(builder, { core }) {
      const Visit = builder.prismaObject('VisitLog', {
        fields: (t) => ({ id: t.exposeID('id'), note: t.exposeString('note') }),
      });
      builder.objectField(core.Account, 'visitCount', (t) =>
        t.int({ description: 'Visits logged on the account', resolve: (account, _args, ctx) => ctx.prisma.visitLog.count({ where: { accountId: account.id } }) }),
      );
      builder.mutationField('logVisit', (t) =>
        t.field({
          type: core.errors.payload('LogVisitPayload', 'visit', Visit),
          args: { accountId: t.arg.id({ required: true }), note: t.arg.string({ required: true }) },
          resolve: (_root, args, ctx) =>
            runMutation('visit', async () => {
              const note = args.note.trim();
              if (!note) throw new ValidationError([{ path: ['note'], message: 'must not be empty' }]);
              const accountId = idOf(args.accountId, 'Account', ['accountId']);
              await ctx.access.authorizeAccount('Mutation.logVisit', accountId);
              return ctx.transaction(async (tx, emit) => {
                const visit = await tx.visitLog.create({ data: { accountId, note } });
                emit('visit-log.visit.logged', accountId, { visitId: visit.id, note });
                return visit;
              });
            }),
        }),
      );
    },
  });
};
