/**
 * The one interface every language-model backend implements. Nothing in the product requires a
 * provider: graders fall back to the offline grade when none is configured or when it fails.
 */

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

export interface CompletionRequest {
  readonly messages: readonly ChatMessage[];
  /** Default 0: grading must be repeatable. */
  readonly temperature?: number;
  /** Sent where the server accepts one (OpenAI, vLLM, llama.cpp, Ollama); dropped when refused. */
  readonly seed?: number;
  readonly maxTokens?: number;
  /** Ask for JSON matching this schema (`response_format: json_schema`); servers that refuse it get `json_object`. */
  readonly jsonSchema?: { readonly name: string; readonly schema: Readonly<Record<string, unknown>> };
}

export interface CompletionResponse {
  readonly text: string;
  /** The model that answered, as the server reports it. */
  readonly model: string;
  readonly finishReason?: string;
}

export interface AudioInput {
  readonly data: Uint8Array;
  readonly fileName: string;
  readonly mimeType?: string;
  /** ISO-639-1 hint, e.g. `en`. */
  readonly language?: string;
}

export interface LlmProvider {
  readonly model: string;
  complete(request: CompletionRequest): Promise<CompletionResponse>;
  /** Speech to text (`/v1/audio/transcriptions`). */
  transcribe(audio: AudioInput): Promise<string>;
}

export type LlmErrorCode = 'timeout' | 'rate-limited' | 'http' | 'network' | 'invalid-response';

/** A failed provider call; `code` says whether a retry or a fallback is the right reaction. */
export class LlmError extends Error {
  constructor(
    readonly code: LlmErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'LlmError';
  }
}
