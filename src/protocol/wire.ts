// What a codec hands back to the transport: bytes and headers, nothing service-specific.
export interface WireResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}
