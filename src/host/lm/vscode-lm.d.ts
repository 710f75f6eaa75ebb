/**
 * The slice of VS Code's language model chat provider API this extension uses, as finalized in
 * VS Code 1.104 (`@types/vscode` 1.104.0, `vscode.d.ts`). The project compiles against
 * `@types/vscode` ~1.96 (engines `^1.96.0`), where this API does not exist, so it is declared here
 * as a plain module of types (not an augmentation of 'vscode': every other host module keeps the
 * 1.96 view, and `lm.registerLanguageModelChatProvider` stays something to feature-detect).
 * No proposed API is declared or used. Shapes that 1.96 already has (LanguageModelTextPart,
 * LanguageModelToolCallPart, LanguageModelToolResultPart, LanguageModelChatMessageRole,
 * LanguageModelChatToolMode, CancellationToken, Progress, Event, Disposable) are restated
 * structurally so these types do not depend on the installed @types version.
 */

export interface LmDisposable {
  dispose(): unknown;
}

export type LmEvent<T> = (listener: (e: T) => unknown) => LmDisposable;

export interface LmCancellationToken {
  readonly isCancellationRequested: boolean;
  readonly onCancellationRequested: LmEvent<unknown>;
}

export interface LmProgress<T> {
  report(value: T): void;
}

/** vscode.LanguageModelChatMessageRole: User = 1, Assistant = 2 (1.96). System = 3 arrives from chat. */
export type LmRoleValue = number;

/** vscode.LanguageModelChatToolMode: Auto = 1, Required = 2. */
export type LmToolModeValue = number;

export interface LanguageModelTextPartLike {
  value: string;
}

export interface LanguageModelToolCallPartLike {
  callId: string;
  name: string;
  input: object;
}

export interface LanguageModelToolResultPartLike {
  callId: string;
  content: unknown[];
}

export type LanguageModelResponsePartLike = LanguageModelTextPartLike | LanguageModelToolCallPartLike;

/** 1.104 `LanguageModelChatInformation`. */
export interface LanguageModelChatInformation {
  readonly id: string;
  readonly name: string;
  readonly family: string;
  readonly tooltip?: string;
  readonly detail?: string;
  readonly version: string;
  readonly maxInputTokens: number;
  readonly maxOutputTokens: number;
  readonly capabilities: {
    readonly imageInput?: boolean;
    readonly toolCalling?: boolean | number;
  };
}

/** 1.104 `LanguageModelChatRequestMessage`. */
export interface LanguageModelChatRequestMessage {
  readonly role: LmRoleValue;
  readonly content: ReadonlyArray<unknown>;
  readonly name: string | undefined;
}

/** 1.104 `LanguageModelChatTool`. */
export interface LanguageModelChatTool {
  name: string;
  description: string;
  inputSchema?: object | undefined;
}

/** 1.104 `ProvideLanguageModelChatResponseOptions`. */
export interface ProvideLanguageModelChatResponseOptions {
  readonly modelOptions?: { readonly [name: string]: unknown };
  readonly tools?: readonly LanguageModelChatTool[];
  readonly toolMode: LmToolModeValue;
}

/** 1.104 `PrepareLanguageModelChatModelOptions`. */
export interface PrepareLanguageModelChatModelOptions {
  readonly silent: boolean;
}

/** 1.104 `LanguageModelChatProvider`. */
export interface LanguageModelChatProvider<T extends LanguageModelChatInformation = LanguageModelChatInformation> {
  readonly onDidChangeLanguageModelChatInformation?: LmEvent<void>;
  provideLanguageModelChatInformation(options: PrepareLanguageModelChatModelOptions, token: LmCancellationToken): PromiseLike<T[]> | T[];
  provideLanguageModelChatResponse(
    model: T,
    messages: readonly LanguageModelChatRequestMessage[],
    options: ProvideLanguageModelChatResponseOptions,
    progress: LmProgress<LanguageModelResponsePartLike>,
    token: LmCancellationToken,
  ): PromiseLike<void>;
  provideTokenCount(model: T, text: string | LanguageModelChatRequestMessage, token: LmCancellationToken): PromiseLike<number>;
}

/** The parts of the `vscode` API object the provider touches (1.96 has the part classes). */
export interface LmVscode {
  LanguageModelTextPart: new (value: string) => LanguageModelTextPartLike;
  LanguageModelToolCallPart: new (callId: string, name: string, input: object) => LanguageModelToolCallPartLike;
  commands: { executeCommand(command: string, ...rest: unknown[]): PromiseLike<unknown> };
}

/** 1.104 `lm.registerLanguageModelChatProvider`, looked up at run time (absent below 1.104). */
export interface LmNamespace {
  registerLanguageModelChatProvider?: (vendor: string, provider: LanguageModelChatProvider) => LmDisposable;
}
