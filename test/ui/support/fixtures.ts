/** The template the browser tests run: a greeting, then a gate that fails until a file exists. */
export function gatedTemplate(name: string, gateFile: string) {
  return {
    metadata: { name, annotations: { 'weft.dev/folder': 'ci/ui-tests' } },
    spec: {
      entrypoint: 'main',
      arguments: {
        parameters: [
          {
            name: 'greeting',
            value: 'hello',
            enum: ['hello', 'hi', 'howdy'],
            description: 'How the first step greets',
          },
          { name: 'loud', value: 'false', description: 'Shout the greeting' },
          { name: 'gate', value: gateFile, description: 'The gate step fails until this file exists' },
        ],
      },
      templates: [
        {
          name: 'main',
          dag: {
            tasks: [
              { name: 'greet', template: 'say' },
              { name: 'gate', template: 'gate', dependencies: ['greet'] },
              { name: 'after-gate', template: 'say', dependencies: ['gate'] },
            ],
          },
        },
        {
          name: 'say',
          container: {
            image: 'busybox',
            command: ['sh', '-c'],
            args: [
              'echo "greeting={{workflow.parameters.greeting}} loud={{workflow.parameters.loud}}" | tee /tmp/greeting.txt',
            ],
          },
          outputs: {
            artifacts: [{ name: 'greeting-file', path: '/tmp/greeting.txt', archive: { none: {} } }],
          },
        },
        {
          name: 'gate',
          container: {
            image: 'busybox',
            command: ['sh', '-c'],
            args: [
              'if [ -f "{{workflow.parameters.gate}}" ]; then echo gate open; else echo gate closed; exit 1; fi',
            ],
          },
        },
      ],
    },
  };
}

/** A step that prints a numbered line every second, then a step that sleeps `sleep` seconds. */
export function slowTemplate(name: string) {
  return {
    metadata: { name },
    spec: {
      entrypoint: 'main',
      arguments: { parameters: [{ name: 'sleep', value: '0', description: 'Seconds the last step sleeps' }] },
      templates: [
        {
          name: 'main',
          steps: [[{ name: 'count', template: 'count' }], [{ name: 'wait', template: 'wait' }]],
        },
        {
          name: 'count',
          container: {
            image: 'busybox',
            command: ['sh', '-c'],
            args: ['for i in 1 2 3 4 5 6; do echo "line-$i"; sleep 1; done'],
          },
        },
        {
          name: 'wait',
          container: {
            image: 'busybox',
            command: ['sh', '-c'],
            args: ['sleep {{workflow.parameters.sleep}}; echo waited'],
          },
        },
      ],
    },
  };
}

/** Steps calling a DAG template: the DAG node can be collapsed in the run graph. */
export function nestedTemplate(name: string) {
  const echo = { image: 'busybox', command: ['sh', '-c'], args: ['echo nested'] };
  return {
    metadata: { name },
    spec: {
      entrypoint: 'main',
      templates: [
        {
          name: 'main',
          steps: [[{ name: 'inner', template: 'inner-dag' }], [{ name: 'last', template: 'echo' }]],
        },
        {
          name: 'inner-dag',
          dag: {
            tasks: [
              { name: 'a', template: 'echo' },
              { name: 'b', template: 'echo', dependencies: ['a'] },
            ],
          },
        },
        { name: 'echo', container: echo },
      ],
    },
  };
}
