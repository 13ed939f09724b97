import { builder } from '../../graphql/builder.js';
import { callerOf } from '../../graphql/context.js';
import { commonErrors } from '../../graphql/error-types.js';
import { idFor } from '../../graphql/global-id.js';
import { NIL_UUID } from '../../graphql/tenant.js';
import { parseInput } from '../../graphql/validation.js';
import { SeverityEnum } from '../policies/policy.type.js';
import { NotificationKindEnum, NotificationRuleType } from './notification.type.js';
import { markNotificationsRead, muteNotificationKinds, updateNotificationRules } from './notifications.service.js';
import { markReadInput, muteInput, rulesInput } from './notifications.validation.js';

const MarkReadPayload = builder.simpleObject('MarkNotificationsReadPayload', {
  fields: (t) => ({
    marked: t.int({ description: 'How many were unread and are now read.' }),
    unreadCount: t.int(),
  }),
});

builder.mutationField('markNotificationsRead', (t) =>
  t.fieldWithInput({
    description: 'Mark your notifications read: the ones named, or all of them.',
    authScopes: { scope: 'notifications:read' },
    errors: { types: commonErrors },
    input: {
      ids: t.input.globalIDList({ required: false }),
      all: t.input.boolean({ required: false }),
    },
    type: MarkReadPayload,
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(markReadInput, {
        ids: input.ids?.map((id) => idFor('Notification', id) ?? NIL_UUID),
        all: input.all,
      });
      return markNotificationsRead(callerOf(ctx), parsed.ids ?? null);
    },
  }),
);

const MutePayload = builder.simpleObject('MuteNotificationKindsPayload', {
  fields: (t) => ({ mutedKinds: t.field({ type: [NotificationKindEnum] }) }),
});

builder.mutationField('muteNotificationKinds', (t) =>
  t.fieldWithInput({
    description: 'Set the kinds of notification you do not want (replaces the list; [] unmutes all).',
    authScopes: { scope: 'notifications:read' },
    errors: { types: commonErrors },
    input: { kinds: t.input.field({ type: [NotificationKindEnum] }) },
    type: MutePayload,
    resolve: async (_root, { input }, ctx) => {
      const { kinds } = parseInput(muteInput, { kinds: input.kinds });
      return { mutedKinds: await muteNotificationKinds(callerOf(ctx), kinds) };
    },
  }),
);

const NotificationRuleInput = builder.inputType('NotificationRuleInput', {
  fields: (t) => ({
    kind: t.field({ type: NotificationKindEnum, required: true }),
    enabled: t.boolean({ required: true }),
    minSeverity: t.field({ type: SeverityEnum, required: false, description: 'VIOLATION_RAISED only.' }),
  }),
});

const RulesPayload = builder.simpleObject('NotificationRulesPayload', {
  fields: (t) => ({ rules: t.field({ type: [NotificationRuleType] }) }),
});

builder.mutationField('updateNotificationRules', (t) =>
  t.fieldWithInput({
    description:
      'Switch kinds of notification on or off for the whole organization (the kinds not named keep their rule).',
    authScopes: { scope: 'settings:write' },
    errors: { types: commonErrors },
    input: { rules: t.input.field({ type: [NotificationRuleInput] }) },
    type: RulesPayload,
    resolve: async (_root, { input }, ctx) => {
      const { rules } = parseInput(rulesInput, { rules: input.rules });
      return { rules: await updateNotificationRules(callerOf(ctx), rules) };
    },
  }),
);
