// StartPolicyGeneration, GetGeneratedPolicy, ListPolicyGenerations, CancelPolicyGeneration: a least-privilege
// policy from the requests the emulator recorded for a user or role (its sessions included). Where AWS reads
// CloudTrail for hours, the emulator reads its own request log at once: a job succeeds when it starts, with
// what was recorded in the cloudTrailDetails time window (if one is given). The access observed is kept with
// the job; the policy is written when asked for, with the placeholders and template asked for then.
import { randomUUID } from "node:crypto";
import { generatePolicies, type ObservedAccess } from "../../policy/index.js";
import type { Collection } from "../../store/store.js";
import { parseEntityArn } from "../iam/principal-policies.js";
import { iamTables, nameKey } from "../iam/records.js";
import type { Operation, OperationContext } from "../operation.js";
import { analyzerErrors } from "./errors.js";
import { pageOf } from "./pagination.js";
import { serviceCatalog } from "./service-catalog.js";

type JobStatus = "IN_PROGRESS" | "SUCCEEDED" | "FAILED" | "CANCELED";

interface Trail { cloudTrailArn: string; regions?: string[]; allRegions?: boolean }
interface CloudTrailDetails { trails: Trail[]; accessRole: string; startTime: Date; endTime?: Date }

interface JobRecord {
  readonly jobId: string;
  readonly principalArn: string;
  readonly status: JobStatus;
  readonly startedOn: string;
  readonly completedOn?: string;
  readonly jobError?: { code: string; message: string };
  readonly clientToken?: string;
  readonly cloudTrail?: { trails: Trail[]; startTime: string; endTime: string };
  readonly access: readonly ObservedAccess[];
}

const jobs = (ctx: OperationContext<unknown>): Collection<JobRecord> => ctx.store.collection<JobRecord>("access-analyzer", "policyGenerations");

function jobOf(ctx: OperationContext<unknown>, jobId: string): JobRecord {
  const job = jobs(ctx).get(jobId);
  if (!job) throw analyzerErrors.validation(`No policy generation job with id ${jobId} exists in this account.`, "other", "jobId");
  return job;
}

export const StartPolicyGeneration: Operation<{
  policyGenerationDetails: { principalArn: string }; cloudTrailDetails?: CloudTrailDetails; clientToken?: string;
}, { jobId: string }> = (ctx) => {
  const { input, clock } = ctx;
  const principalArn = input.policyGenerationDetails.principalArn;
  if (input.clientToken) {
    for (const job of jobs(ctx).values()) if (job.clientToken === input.clientToken && job.principalArn === principalArn) return { jobId: job.jobId };
  }
  const trail = input.cloudTrailDetails;
  if (trail?.endTime && trail.endTime < trail.startTime) {
    throw analyzerErrors.validation("The endTime of cloudTrailDetails must be later than its startTime.", "fieldValidationFailed", "cloudTrailDetails.endTime");
  }
  const now = clock.now().toISOString();
  const base = { jobId: randomUUID(), principalArn, startedOn: now, completedOn: now, clientToken: input.clientToken };
  const cloudTrail = trail && { trails: trail.trails, startTime: trail.startTime.toISOString(), endTime: (trail.endTime ?? clock.now()).toISOString() };
  const named = parseEntityArn(principalArn);
  const exists = named && named.kind !== "group" && (named.kind === "user" ? iamTables.users : iamTables.roles)(ctx.store.forAccount(named.accountId)).has(nameKey(named.name));
  let job: JobRecord;
  if (!exists) {
    job = { ...base, status: "FAILED", access: [], cloudTrail, jobError: { code: "RESOURCE_NOT_FOUND_ERROR", message: `The principal ${principalArn} does not exist.` } };
  } else if (!ctx.requests) {
    job = { ...base, status: "FAILED", access: [], cloudTrail, jobError: { code: "SERVICE_ERROR", message: "This emulator runs no request log to generate a policy from." } };
  } else {
    const access = ctx.requests.access(principalArn, trail ? { from: trail.startTime, to: trail.endTime } : {})
      .map((a) => ({ action: a.action, resource: a.resource }));
    job = { ...base, status: "SUCCEEDED", access, cloudTrail };
  }
  jobs(ctx).put(job.jobId, job);
  return { jobId: job.jobId };
};

export const GetGeneratedPolicy: Operation<{ jobId: string; includeResourcePlaceholders?: boolean; includeServiceLevelTemplate?: boolean }, unknown> = (ctx) => {
  const { input } = ctx;
  const job = jobOf(ctx, input.jobId);
  const policies = job.status === "SUCCEEDED"
    ? generatePolicies(job.access, {
      includeResourcePlaceholders: input.includeResourcePlaceholders, includeServiceLevelTemplate: input.includeServiceLevelTemplate, catalog: serviceCatalog(),
    })
    : [];
  return {
    jobDetails: jobDetails(job),
    generatedPolicyResult: {
      properties: {
        isComplete: job.status === "SUCCEEDED",
        principalArn: job.principalArn,
        // cloudTrailDetails is accepted and described as what it is here: the emulator's own request log.
        cloudTrailProperties: job.cloudTrail && {
          trailProperties: job.cloudTrail.trails.map((t) => ({ cloudTrailArn: t.cloudTrailArn, regions: t.regions, allRegions: t.allRegions })),
          startTime: new Date(job.cloudTrail.startTime), endTime: new Date(job.cloudTrail.endTime),
        },
      },
      generatedPolicies: policies.map((policy) => ({ policy })),
    },
  };
};

export const ListPolicyGenerations: Operation<{ principalArn?: string; maxResults?: number; nextToken?: string }, unknown> = (ctx) => {
  const { input } = ctx;
  const all = [...jobs(ctx).values()]
    .filter((j) => input.principalArn === undefined || j.principalArn === input.principalArn)
    .sort((a, b) => (a.startedOn < b.startedOn ? 1 : a.startedOn > b.startedOn ? -1 : a.jobId < b.jobId ? 1 : -1));
  const page = pageOf(all, input.maxResults, input.nextToken, `policyGenerations:${input.principalArn ?? ""}`);
  return {
    policyGenerations: page.items.map((j) => ({ jobId: j.jobId, principalArn: j.principalArn, status: j.status, startedOn: new Date(j.startedOn), completedOn: j.completedOn && new Date(j.completedOn) })),
    nextToken: page.nextToken,
  };
};

export const CancelPolicyGeneration: Operation<{ jobId: string }, Record<string, never>> = (ctx) => {
  const job = jobOf(ctx, ctx.input.jobId);
  if (job.status !== "IN_PROGRESS") {
    throw analyzerErrors.validation(`The policy generation job ${job.jobId} has already finished with status ${job.status} and cannot be canceled.`, "other", "jobId");
  }
  jobs(ctx).put(job.jobId, { ...job, status: "CANCELED", completedOn: ctx.clock.now().toISOString() });
  return {};
};

function jobDetails(job: JobRecord): unknown {
  return {
    jobId: job.jobId, status: job.status, startedOn: new Date(job.startedOn),
    completedOn: job.completedOn && new Date(job.completedOn), jobError: job.jobError,
  };
}
