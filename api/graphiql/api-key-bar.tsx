// The bar above GraphiQL: the API key field (a password input, stored on Save) and Forget.
import { useState, type FormEvent } from "react";

export function ApiKeyBar(props: { apiKey: string; onChange(key: string): void }) {
  const [draft, setDraft] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const key = draft.trim();
    if (key === "") return;
    props.onChange(key);
    setDraft("");
  };
  return (
    <form className="tandem-key-bar" onSubmit={submit} data-testid="api-key-form">
      <strong className="tandem-title">Tandem GraphQL explorer</strong>
      <label htmlFor="tandem-api-key">API key</label>
      <input
        id="tandem-api-key"
        data-testid="api-key-input"
        type="password"
        autoComplete="off"
        spellCheck={false}
        placeholder={props.apiKey ? "saved: type a new key to replace it" : "paste an API key"}
        value={draft}
        autoFocus={!props.apiKey}
        onChange={(e) => setDraft(e.target.value)}
      />
      <button type="submit" data-testid="api-key-save" disabled={draft.trim() === ""}>
        Save
      </button>
      {props.apiKey ? (
        <button type="button" data-testid="api-key-forget" onClick={() => props.onChange("")}>
          Forget
        </button>
      ) : null}
      <span className="tandem-key-note">
        {props.apiKey ? "Key saved in this browser; sent as Authorization: Bearer." : "Kept in this browser's localStorage and sent as Authorization: Bearer."}
      </span>
    </form>
  );
}
