// A fixed corpus for the token estimator test (test/unit/lm/tokens.test.ts): English prose,
// Spanish prose and code, written for this test. The estimator's error against o200k_base on
// these samples is documented in src/core/lm/tokens.ts; change the corpus only together with it.

export const ENGLISH = [
  'RutaAPI Connect verifies a key, a Base URL and a model, and tells you the cause and the fix when something fails.',
  'When the connection works, the saved models appear in the chat model picker, and any extension can ask for them with selectChatModels.',
  'The quick brown fox jumps over the lazy dog. Pack my box with five dozen liquor jugs! How vexingly quick daft zebras jump.',
  "It's a common mistake to paste the dashboard address instead of the API root; we'll point that out before any request is sent.",
  'Streaming responses arrive in many small chunks: the provider forwards each piece of text as soon as it is decoded, in order, without buffering the whole answer.',
  'If the account has no credits left, the chat shows a short explanation and a way to top up, not a stack trace.',
  'Cancellation aborts the HTTP request at once, so the gateway stops generating tokens you would otherwise pay for.',
  'Token counts are estimates: they let the editor decide how much history fits, and they must be fast because they run for every message.',
  'Internationalization, configuration, authentication, authorization and documentation are long words that tokenizers split into several pieces.',
  'In 2024, the team shipped version 1.96.0 on March 3rd at 10:45 UTC, with 12,345 downloads in the first 48 hours (about 257 per hour).',
].join('\n');

export const SPANISH = [
  'RutaAPI Connect comprueba una clave, una URL base y un modelo, y explica la causa y la solución cuando algo falla.',
  'Cuando la conexión funciona, los modelos guardados aparecen en el selector de modelos del chat, y cualquier extensión puede pedirlos.',
  '¿Qué pasa si la cuenta no tiene créditos? El chat muestra una explicación breve y cómo recargar, nunca un volcado de la pila.',
  'La cancelación interrumpe la petición HTTP de inmediato, así el servidor deja de generar tokens que tendrías que pagar.',
  'Las respuestas llegan en muchos fragmentos pequeños: el proveedor reenvía cada trozo de texto en cuanto lo descodifica, en orden.',
  'El recuento de tokens es una estimación: sirve para que el editor decida cuánto historial cabe, y debe ser rápido.',
  'Añadió configuración, autenticación y documentación; también corrigió la internacionalización de los mensajes de error.',
  'El niño comió una manzana y después salió a jugar al jardín con su perro, mientras llovía suavemente sobre la ciudad.',
  'Según el informe del 15 de marzo de 2025, el 87 % de los usuarios configuró la extensión en menos de dos minutos.',
  'Si la URL base apunta al panel de control en lugar de a la API, lo indicamos antes de enviar ninguna solicitud.',
].join('\n');

export const CODE = String.raw`import { SseDecoder } from './sse';

export async function* readEvents(body: ReadableStream<Uint8Array>, signal: AbortSignal): AsyncGenerator<string> {
  const decoder = new SseDecoder();
  const reader = body.getReader();
  try {
    while (!signal.aborted) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const event of decoder.push(value)) yield event;
    }
    for (const event of decoder.end()) yield event;
  } finally {
    reader.releaseLock();
  }
}

def fibonacci(n: int) -> list[int]:
    """Return the first n Fibonacci numbers."""
    result = [0, 1]
    while len(result) < n:
        result.append(result[-1] + result[-2])
    return result[:n]

const config = { "maxInputTokens": 128000, "maxOutputTokens": 16384, "toolCalling": true, "imageInput": false };
SELECT id, name, created_at FROM models WHERE vendor = 'rutaapi' AND deleted_at IS NULL ORDER BY created_at DESC LIMIT 50;
for (let i = 0; i < items.length; i++) { if (items[i].id === target) { return i; } }
<div class="status" data-state="ok"><span id="model-name">gpt-4o-mini</span></div>
`;

export const CORPUS = { english: ENGLISH, spanish: SPANISH, code: CODE } as const;
