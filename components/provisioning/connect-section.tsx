import { Section } from "@/components/account/section";
import { CopyField } from "./copy-field";
import { connectSteps } from "./provisioning-model";

/** Where the identity provider sends its requests, and the few settings Okta and Entra ID need. */
export function ConnectSection({ baseUrl }: { baseUrl: string }) {
  const steps = connectSteps(baseUrl);
  return (
    <Section
      id="provisioning-connect"
      title="Connect your identity provider"
      description="Give your identity provider this base URL and a token from the Tokens section. The token names this org: every org uses the same base URL."
    >
      <CopyField
        id="provisioning-base-url"
        label="SCIM base URL"
        value={baseUrl}
        copyLabel="Copy the SCIM base URL"
      />
      <div className="mt-3 grid min-w-0 gap-4 md:grid-cols-2">
        <StepList title="Okta" steps={steps.okta} />
        <StepList title="Microsoft Entra ID" steps={steps.entra} />
      </div>
      <p className="mt-3 text-xs text-muted">
        Every field, what each identity provider sends and how to test with curl: docs/provisioning.md in the
        console’s repository.
      </p>
    </Section>
  );
}

function StepList({ title, steps }: { title: string; steps: string[] }) {
  return (
    <div className="min-w-0">
      <h3 className="text-sm font-medium">{title}</h3>
      <ol className="mt-1 list-decimal space-y-1 pl-5 text-sm break-words text-muted">
        {steps.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ol>
    </div>
  );
}
