// IAM fixtures the tests share: users as the enforce-mode tests need them (a user, an access key to sign with,
// and what it may do), and the trust policy most role tests create their roles with.
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import type { UseEmulator } from "./emulator.js";

export interface UserKeys { readonly accessKeyId: string; readonly secretAccessKey: string }

/** A policy document of `statements`, as IAM takes it. */
export const policyDocument = (...statements: object[]): string => JSON.stringify({ Version: "2012-10-17", Statement: statements });

/** A role trust policy that lets EC2 assume the role: what most role tests need, nothing more. */
export const EC2_TRUST_POLICY = policyDocument({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" });

/** Creates `userName` with one access key and the inline policy `policyName` of `statements`; answers the key. */
export async function userWithPolicy(emu: UseEmulator, userName: string, policyName: string, ...statements: object[]): Promise<UserKeys> {
  const iam = new IAMClient(emu.clientConfig);
  await iam.send(new CreateUserCommand({ UserName: userName }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  await iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: policyName, PolicyDocument: policyDocument(...statements) }));
  return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
}
