/**
 * Introspection switch (INTROSPECTION; off in production by default): with it
 * off, `__schema` and `__type` fail validation, so the schema is not handed to
 * whoever asks. `__typename` stays allowed.
 *
 * @graphql-yoga/plugin-disable-introspection decides per HTTP request (in
 * onRequestParse, remembering the Fetch Request). Websocket operations have
 * no such request: they are validated through yoga.getEnveloped() directly,
 * so for them the rule is added here.
 */
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export function useIntrospectionSwitch(enabled: boolean): Plugin[] {
  if (enabled) return [];
  // The HTTP requests the plugin below has seen (it sees exactly those that pass onRequestParse).
  const coveredByPlugin = new WeakSet<object>();
  return [
    useDisableIntrospection(),
    {
      onRequestParse({ request }) {
        coveredByPlugin.add(request);
      },
      onValidate({ addValidationRule, context }) {
        const request = (context as { request?: unknown }).request;
        if (typeof request === 'object' && request !== null && coveredByPlugin.has(request)) return;
        addValidationRule(NoSchemaIntrospectionCustomRule);
      },
    },
  ];
}
