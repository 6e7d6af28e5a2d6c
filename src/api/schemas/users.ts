import Type from 'typebox';

const Role = Type.Union([Type.Literal('admin'), Type.Literal('recruiter'), Type.Literal('reviewer'), Type.Literal('analyst')]);

export const UserParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const CreateUserBody = Type.Object(
  {
    email: Type.String({ format: 'email', minLength: 3, maxLength: 254 }),
    name: Type.String({ maxLength: 200, default: '' }),
    role: Role,
    /** Omit to send the person a one-time link to choose their own. */
    password: Type.Optional(Type.String({ minLength: 12, maxLength: 256 })),
  },
  { additionalProperties: false },
);
export const UpdateUserBody = Type.Object(
  { role: Type.Optional(Role), name: Type.Optional(Type.String({ maxLength: 200 })), disabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
