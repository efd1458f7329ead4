// The zod schema of an OpenAI chat chunk with the fields the openai.chat decoder reads: what the
// typed and cold-start benchmarks compare the decoder with.
import { z } from 'zod';

export const chatChunk = z.object({
  id: z.string(),
  object: z.string().optional(),
  created: z.number().int().optional(),
  model: z.string().optional(),
  system_fingerprint: z.string().nullish(),
  choices: z.array(
    z.object({
      index: z.number().int(),
      delta: z.object({
        role: z.string().nullish(),
        content: z.string().nullish(),
        refusal: z.string().nullish(),
        tool_calls: z
          .array(
            z.object({
              index: z.number().int(),
              id: z.string().nullish(),
              function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
            }),
          )
          .nullish(),
      }),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).nullish(),
});
