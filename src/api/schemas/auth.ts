import Type from 'typebox';

const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
/** Bounded so that one request cannot make the hasher work on megabytes. */
const Password = Type.String({ minLength: 1, maxLength: 256 });
const NewPassword = Type.String({ minLength: 12, maxLength: 256, description: 'At least 12 characters' });
const OneTimeToken = Type.String({ minLength: 10, maxLength: 200 });

export const UserView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  organisationId: Type.String({ format: 'uuid' }),
  email: Type.String(),
  name: Type.String(),
  role: Type.Union([Type.Literal('admin'), Type.Literal('recruiter'), Type.Literal('reviewer'), Type.Literal('analyst')]),
  mfaEnabled: Type.Boolean(),
  disabled: Type.Boolean(),
  lastSignInAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

export const SignInBody = Type.Object(
  {
    email: Email,
    password: Password,
    /** A 6-digit authenticator code or a recovery code, when two-step sign-in is on. */
    code: Type.Optional(Type.String({ minLength: 6, maxLength: 32 })),
    /** `cookie`: the refresh token goes in an httpOnly SameSite=Strict cookie (browsers); `body`: in the reply (API clients). */
    session: Type.Optional(Type.Union([Type.Literal('body'), Type.Literal('cookie')])),
  },
  { additionalProperties: false },
);

export const SessionReply = Type.Object({
  accessToken: Type.String(),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer({ description: 'Seconds until the access token expires' }),
  refreshToken: Type.Optional(Type.String({ description: 'Only in body mode; in cookie mode it is in the xi_refresh cookie' })),
  refreshExpiresAt: Type.String(),
  csrfToken: Type.Optional(Type.String({ description: 'Cookie mode: send it back as the x-csrf-token header on refresh and sign-out' })),
  user: UserView,
});

export const RefreshBody = Type.Object({ refreshToken: Type.Optional(Type.String({ minLength: 10, maxLength: 200 })) }, { additionalProperties: false });

export const ChangePasswordBody = Type.Object({ currentPassword: Password, newPassword: NewPassword }, { additionalProperties: false });
export const ResetRequestBody = Type.Object({ email: Email }, { additionalProperties: false });
export const ResetConfirmBody = Type.Object({ token: OneTimeToken, newPassword: NewPassword }, { additionalProperties: false });
export const TotpSetupReply = Type.Object({ secret: Type.String(), otpauthUri: Type.String() });
export const TotpEnableBody = Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false });
export const TotpEnableReply = Type.Object({ recoveryCodes: Type.Array(Type.String(), { description: 'Shown once; each works once' }) });
export const TotpDisableBody = Type.Object({ password: Password }, { additionalProperties: false });
export const SetupBody = Type.Object(
  { token: OneTimeToken, email: Email, password: NewPassword, name: Type.String({ maxLength: 200, default: '' }), organisationName: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export const OidcCallbackQuery = Type.Object({ code: Type.Optional(Type.String({ maxLength: 2000 })), state: Type.Optional(Type.String({ maxLength: 200 })), error: Type.Optional(Type.String({ maxLength: 200 })) });
